using MassTransit;
using Micic.Contracts;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;

namespace Micic.Manifests.Consumers;

/// <summary>Tells Transit, point-to-point, who was on board a departed movement: the people it should expect. The read is audited.</summary>
public sealed class DepartedPassengersConsumer(ManifestStore manifests, PersonalDataAudit audit) : IConsumer<GetDepartedPassengers>
{
    public async Task Consume(ConsumeContext<GetDepartedPassengers> context)
    {
        var manifest = await manifests.Find(context.Message.ManifestId, context.CancellationToken)
            ?? throw new InvalidOperationException($"No manifest {context.Message.ManifestId}.");
        var aboard = manifest.Aboard;
        await audit.Record(Actor.Platform("micic:transit"), "expected-arrivals", aboard.Select(p => p.PersonId).ToList(), context.CancellationToken,
            manifestId: manifest.Id, siteCode: manifest.ToPlace);
        await context.RespondAsync(new DepartedPassengers
        {
            ManifestId = manifest.Id, ToPlace = manifest.ToPlace, DepartedAt = manifest.DepartedAt ?? manifest.DepartsAt,
            People = aboard.Select(p => new DepartedPassenger
            {
                PersonId = p.PersonId, RequestId = p.RequestId, GivenName = p.GivenName ?? "", FamilyName = p.FamilyName ?? "", Nationality = p.Nationality,
                Sex = p.Sex, Age = p.Age,
                DestinationCountry = p.DestinationCountry, ConsentToShareWithConsulate = p.ConsentToShareWithConsulate,
            }).ToList(),
        });
    }
}
