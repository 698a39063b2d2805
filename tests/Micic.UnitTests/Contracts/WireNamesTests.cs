using Micic.Manifests.Domain;
using Micic.ServiceDefaults;

namespace Micic.UnitTests.Contracts;

public class WireNamesTests
{
    [Fact]
    public void A_state_is_written_in_kebab_case_and_read_back_only_from_its_exact_word()
    {
        Assert.Equal(["expected", "boarded", "no-show"], WireNames<Boarding>.All);
        Assert.Equal("no-show", Boarding.NoShow.WireName());
        Assert.True(WireNames<Boarding>.TryParse("no-show", out var noShow));
        Assert.Equal(Boarding.NoShow, noShow);

        Assert.False(WireNames<Boarding>.TryParse("NoShow", out _));
        Assert.False(WireNames<Boarding>.TryParse("2", out _));
        Assert.False(WireNames<Boarding>.TryParse(null, out _));
        Assert.Throws<FormatException>(() => WireNames<ManifestStatus>.Parse("arrived"));
    }
}
