using Micic.Contracts;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class EvacuationRequestTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_event_carries_counts_and_flags_but_no_names_or_documents()
    {
        var submission = EvacuationRequestValidatorTests.Valid(
            EvacuationRequestValidatorTests.Adult("BGD", "pregnant"),
            EvacuationRequestValidatorTests.Adult("BGD"),
            new PersonDetails("Layla", "Haddad", "F", null, 70, "EGY", new TravelDocument("national-id", "EG-99", null), ["wheelchair"]));

        var request = EvacuationRequest.Accept(submission, "unhcr", "LBY", Now);
        var requested = request.ToEvent();

        Assert.Equal(3, requested.GroupSize);
        Assert.Equal([new NationalityCount("BGD", 2), new NationalityCount("EGY", 1)], requested.Nationalities);
        Assert.Equal(Needs.Pregnant | Needs.Wheelchair, requested.Needs);
        Assert.True(requested.HasElderly);
        Assert.True(requested.ConsentToShareWithConsulate); // what a consulate's report may count
        Assert.False(EvacuationRequest.Accept(submission with { ConsentToShareWithConsulate = false }, "unhcr", "LBY", Now).ToEvent().ConsentToShareWithConsulate);
        var json = System.Text.Json.JsonSerializer.Serialize(requested);
        Assert.DoesNotContain("Rahim", json);
        Assert.DoesNotContain("Haddad", json);
        Assert.DoesNotContain("BX0123456", json);
    }

    [Fact]
    public void Age_is_computed_from_the_birth_date_on_the_day()
    {
        var person = new PersonDetails("A", "B", "F", new DateOnly(1946, 3, 3), null, "EGY", new TravelDocument("none", null, null), []);
        Assert.Equal(64, EvacuationRequestValidator.AgeOn(person, new DateOnly(2011, 3, 2)));
        Assert.Equal(65, EvacuationRequestValidator.AgeOn(person, new DateOnly(2011, 3, 3)));
    }

    [Fact]
    public void References_are_unique_and_readable()
    {
        var references = Enumerable.Range(0, 1000)
            .Select(_ => EvacuationRequest.Accept(EvacuationRequestValidatorTests.Valid(), "unhcr", "LBY", Now).Reference).ToList();
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.All(references, reference => Assert.Matches("^LBY-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", reference));
    }

    [Fact]
    public void A_new_reference_keeps_the_request_and_its_country()
    {
        var request = EvacuationRequest.Accept(EvacuationRequestValidatorTests.Valid(), "unhcr", "LBY", Now);
        var redrawn = request.WithNewReference();
        Assert.NotEqual(request.Reference, redrawn.Reference);
        Assert.StartsWith("LBY-", redrawn.Reference);
        Assert.Equal(request.Id, redrawn.Id);
        Assert.Same(request.People, redrawn.People);
    }
}
