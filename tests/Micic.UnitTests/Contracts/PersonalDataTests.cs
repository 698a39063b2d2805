using System.Reflection;
using System.Text.Json;
using MassTransit.Serialization;
using Micic.Contracts;
using Micic.Persistence.Messaging;

namespace Micic.UnitTests.Contracts;

/// <summary>Events go to every subscriber; names and documents must only ever go point to point, to the one service that needs them.</summary>
public class PersonalDataTests
{
    static readonly string[] PersonalFields = ["GivenName", "FamilyName", "BirthDate", "DocumentNumber", "ContactPhone", "Phone", "Notes"];

    /// <summary>The answers of request/response exchanges: sent to the one service that asked.</summary>
    static readonly Type[] Responses = [typeof(PassengerDetailsOfGroups), typeof(DepartedPassengers), typeof(MessageContactsOfGroups), typeof(RegisteredContacts),
        typeof(SelfRegistrationCode)];

    [Fact]
    public void Only_commands_to_one_queue_and_answers_to_one_asker_carry_personal_data()
    {
        var contracts = typeof(HoldSeats).Assembly.GetTypes().Where(type => type is { IsClass: true, IsPublic: true }).ToList();
        var parts = contracts.SelectMany(type => type.GetProperties()).SelectMany(property => Inner(property.PropertyType)).ToHashSet();
        var messagesWithPersonalData = contracts.Where(type => !parts.Contains(type) && Carries(type, [])).ToList();

        // A new message with names in it fails here: make it a command to one queue or an answer to one asker, not an event.
        Assert.Equal(["DepartedPassengers", "MessageContactsOfGroups", "OnwardJourneyRequested", "PassengerDetailsOfGroups", "RegisteredContacts", "SelfRegistrationCode"], messagesWithPersonalData.Select(type => type.Name).Order());
        foreach (var message in messagesWithPersonalData.Where(type => !Responses.Contains(type)))
            Assert.NotNull(typeof(CommandQueues).GetMethod(nameof(CommandQueues.Of))!.MakeGenericMethod(message).Invoke(null, null));
    }

    [Fact]
    public void An_audit_announcement_from_before_actors_were_recorded_still_reads()
    {
        // As an instance not yet upgraded sends it, in a rolling upgrade: the trail then names the organisation as a client.
        const string old = """
            {"accessId":"0197a5d2-3c4b-7def-8a90-123456789abc","at":"2011-03-02T10:00:00+00:00","service":"manifests","organisationId":"consulate-vnm",
             "purpose":"manifest-view","personIds":["0197a5d2-3c4b-7def-8a90-123456789abd"]}
            """;
        var access = JsonSerializer.Deserialize<PersonalDataAccessed>(old, SystemTextJsonMessageSerializer.Options)!;

        Assert.Equal("consulate-vnm", access.OrganisationId);
        Assert.Null(access.ActorKind);
        Assert.Null(access.ActorId);
        Assert.Null(access.ActorName);
    }

    [Fact]
    public void A_command_no_service_takes_has_no_queue() =>
        Assert.Throws<InvalidOperationException>(() => CommandQueues.Of<SeatsHeld>());

    static bool Carries(Type type, HashSet<Type> seen) =>
        seen.Add(type) && type.Assembly == typeof(HoldSeats).Assembly
        && type.GetProperties().Any(property => PersonalFields.Contains(property.Name) || Inner(property.PropertyType).Any(inner => Carries(inner, seen)));

    /// <summary>The contract types a property holds: itself, or what its list or nullable holds.</summary>
    static IEnumerable<Type> Inner(Type type) =>
        (type.IsGenericType ? type.GetGenericArguments() : [type]).Where(inner => inner.Assembly == typeof(HoldSeats).Assembly);
}
