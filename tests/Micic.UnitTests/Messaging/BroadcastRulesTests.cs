using Micic.Messaging.Domain;

namespace Micic.UnitTests.Messaging;

public class BroadcastRulesTests
{
    static readonly BroadcastTexts Texts = new("The ship leaves from berth 4.", "Le bateau part du quai 4.", "تغادر السفينة من الرصيف 4.", null);

    [Theory]
    [InlineData("en", "The ship leaves from berth 4.")]
    [InlineData("fr", "Le bateau part du quai 4.")]
    [InlineData("ar", "تغادر السفينة من الرصيف 4.")]
    [InlineData("bn", "The ship leaves from berth 4.")]
    public void Each_phone_reads_its_own_language_else_English(string language, string expected) => Assert.Equal(expected, Texts.For(language));

    [Fact]
    public void A_blank_translation_falls_back_to_English() =>
        Assert.Equal("Hello", new BroadcastTexts(" Hello ", "  ", null, null).For("fr"));

    [Fact]
    public void A_good_broadcast_has_no_problem() =>
        Assert.Empty(BroadcastRules.Problems("libya-2011", "LY-BEN-PORT", "SDN", Texts, TestSeeds.Data, TestSeeds.Crisis("libya-2011")));

    [Theory]
    [InlineData(null, null, null, "crisisId")]
    [InlineData("atlantis-2031", null, null, "crisisId")]
    [InlineData("libya-2011", "NOWHERE", null, "pickupPlace")]
    [InlineData("libya-2011", null, "sd", "nationality")]
    [InlineData("libya-2011", null, "XXX", "nationality")]
    public void An_unknown_crisis_place_or_nationality_is_named(string? crisis, string? place, string? nationality, string field) =>
        Assert.Contains(field, BroadcastRules.Problems(crisis, place, nationality, Texts, TestSeeds.Data, TestSeeds.Crisis(crisis)).Keys);

    [Fact]
    public void English_is_required_and_no_text_is_too_long()
    {
        Assert.Contains("text", BroadcastRules.Problems("libya-2011", null, null, null, TestSeeds.Data, TestSeeds.Crisis("libya-2011")).Keys);
        Assert.Contains("text.en", BroadcastRules.Problems("libya-2011", null, null, new BroadcastTexts(null, "Bonjour", null, null), TestSeeds.Data, TestSeeds.Crisis("libya-2011")).Keys);
        Assert.Contains("text.en", BroadcastRules.Problems("libya-2011", null, null, new BroadcastTexts("  ", null, null, null), TestSeeds.Data, TestSeeds.Crisis("libya-2011")).Keys);
        Assert.Contains("text.ar", BroadcastRules.Problems("libya-2011", null, null, new BroadcastTexts("Hello", null, new string('ب', 5000), null),
            TestSeeds.Data, TestSeeds.Crisis("libya-2011")).Keys);
    }
}
