using System.Security.Cryptography;
using Micic.Contracts;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Domain;

/// <summary>An accepted evacuation request: a group of people who travel together.</summary>
public sealed record EvacuationRequest(
    Guid Id,
    string Reference,
    string OrganisationId,
    string CrisisId,
    string PickupPlace,
    string DestinationCountry,
    bool AcceptsThirdCountry,
    DateTimeOffset? EarliestDeparture,
    bool ConsentToShareWithConsulate,
    string? ContactPhone,
    string? Notes,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<Person> People)
{
    public const int ElderlyAge = 65;

    /// <summary>The language of the group's messages, when it said; otherwise its main nationality's decides (in Messaging).</summary>
    public string? ContactLanguage { get; init; }

    /// <summary>Whether the group agreed to receive SMS about its journey; without it Micic sends none.</summary>
    public bool ConsentToMessages { get; init; }

    /// <summary>Who registered the group (typed it in, perhaps offline), when known.</summary>
    public FieldWorker? RegisteredBy { get; init; }

    /// <summary>Who sent it to the platform: the registrant, or a colleague who sent a queue left on a device.</summary>
    public FieldWorker? SentBy { get; init; }

    /// <summary>The group a passenger who did not board was split off from; announced, not stored (the history notes it).</summary>
    public Guid? SplitFromRequestId { get; init; }

    /// <summary>The request of the previous leg, for a person's onward journey from a transit site; announced, not stored.</summary>
    public Guid? OnwardFromRequestId { get; init; }

    /// <summary>Builds the request from a submission that passed <see cref="EvacuationRequestValidator"/>.</summary>
    public static EvacuationRequest Accept(SubmitEvacuationRequest submission, string organisationId, string crisisCountry, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var people = submission.People!.Select(p => p!).Select(person => new Person(
            Guid.CreateVersion7(now),
            person.GivenName!.Trim(),
            person.FamilyName!.Trim(),
            person.Sex!,
            person.BirthDate,
            person.Age,
            person.Nationality!,
            person.Document!.Kind!,
            person.Document.Kind == "none" ? null : person.Document.Number?.Trim(),
            person.Document.ExpiresOn,
            person.Needs?.Select(need => need!).Distinct().ToArray() ?? [],
            EvacuationRequestValidator.AgeOn(person, today))).ToList();

        return new EvacuationRequest(
            Guid.CreateVersion7(now),
            NewReference(crisisCountry),
            organisationId,
            submission.CrisisId!,
            submission.PickupPlace!,
            submission.DestinationCountry!,
            submission.AcceptsThirdCountry!.Value,
            submission.EarliestDeparture,
            submission.ConsentToShareWithConsulate!.Value,
            ContactRules.E164(submission.Contact?.Phone),
            string.IsNullOrWhiteSpace(submission.Notes) ? null : submission.Notes.Trim(),
            now,
            people)
        {
            ContactLanguage = ContactRules.Language(submission.Contact?.Language),
            ConsentToMessages = submission.Contact?.ConsentToMessages ?? false,
        };
    }

    public Needs Needs => People.Aggregate(Needs.None, (all, person) => all | person.NeedFlags);

    public bool HasElderly => People.Any(person => person.AgeInYears >= ElderlyAge);

    /// <summary>The integration event: counts, codes and flags only — no names, no document numbers.</summary>
    public EvacuationRequested ToEvent() => new()
    {
        RequestId = Id,
        CrisisId = CrisisId,
        PickupPlace = PickupPlace,
        DestinationCountry = DestinationCountry,
        AcceptsThirdCountry = AcceptsThirdCountry,
        EarliestDeparture = EarliestDeparture,
        GroupSize = People.Count,
        Nationalities = People.GroupBy(person => person.Nationality).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new NationalityCount(group.Key, group.Count())).ToList(),
        Needs = Needs,
        HasElderly = HasElderly,
        SubmittedAt = SubmittedAt,
        SplitFromRequestId = SplitFromRequestId,
        OnwardFromRequestId = OnwardFromRequestId,
        ConsentToShareWithConsulate = ConsentToShareWithConsulate,
    };

    /// <summary>The same request under another reference, for the rare draw of one already taken.</summary>
    public EvacuationRequest WithNewReference() => this with { Reference = NewReference(Reference[..Reference.IndexOf('-')]) };

    /// <summary>A reference people can read out over a bad phone line: country of the crisis, then 8 unambiguous characters.</summary>
    public static string NewReference(string crisisCountry)
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        Span<char> code = stackalloc char[8];
        for (var i = 0; i < code.Length; i++)
            code[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return $"{crisisCountry}-{code[..4]}-{code[4..]}";
    }
}

public sealed record Person(
    Guid Id,
    string GivenName,
    string FamilyName,
    string Sex,
    DateOnly? BirthDate,
    int? Age,
    string Nationality,
    string DocumentKind,
    string? DocumentNumber,
    DateOnly? DocumentExpiresOn,
    IReadOnlyList<string> Needs,
    int? AgeInYears)
{
    public Needs NeedFlags => Needs.Aggregate(Contracts.Needs.None, (all, name) => NeedNames.TryParse(name, out var need) ? all | need : all);

    /// <summary>The person as the duplicate check compares them.</summary>
    public PersonIdentity Identity => new(GivenName, FamilyName, Sex, BirthDate, Age, Nationality, DocumentNumber);
}
