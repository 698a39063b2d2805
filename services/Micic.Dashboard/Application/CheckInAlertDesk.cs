using System.Security.Claims;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Dashboard.Application;

/// <summary>
/// The consulate's side of the check-in alerts: its open alerts, and acknowledging one once it has called the household.
/// An acknowledgement is an event like any other the dashboard counts: kept in its history (a rebuild keeps it) and
/// published, in one transaction.
/// </summary>
public sealed class CheckInAlertDesk(DbSession session, CheckInAlerts alerts, DashboardProjection projection, TransactionalOutbox outbox,
    TimeProvider clock)
{
    /// <summary>The consulate called the household: its open alert is closed. Only the household's own consulate may.</summary>
    public async Task<AcknowledgeOutcome> Acknowledge(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        try
        {
            var alert = await alerts.Find(id, forUpdate: true, cancellationToken);
            if (alert is not { WasRaised: true })
                return new AcknowledgeOutcome(AcknowledgeResult.NoSuchAlert, null, null);
            if (!user.Nationalities().Contains(alert.Nationality))
                return new AcknowledgeOutcome(AcknowledgeResult.OtherState, alert, null);
            var now = clock.GetUtcNow();
            var (acknowledged, refused) = alert.Acknowledge(user.OrganisationId(), now);
            if (refused is not null)
                return new AcknowledgeOutcome(AcknowledgeResult.NotOpen, alert, refused);
            var @event = new CheckInAlertAcknowledged
            {
                CrisisId = alert.CrisisId, RegistrationId = alert.RegistrationId, Nationality = alert.Nationality, AnsweredAt = alert.AnsweredAt,
                OrganisationId = user.OrganisationId(), At = now,
            };
            await projection.Project([new NewEvent(Guid.CreateVersion7(now), @event, now)], cancellationToken);
            await outbox.Publish(@event, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return new AcknowledgeOutcome(AcknowledgeResult.Acknowledged, acknowledged, null);
        }
        finally
        {
            await session.RollbackAsync(); // nothing to undo once committed; a refusal stores nothing
        }
    }

    /// <summary>A page of the consulate's alerts (open ones, or acknowledged too), the longest waiting first.</summary>
    public async Task<PagedList<CheckInAlertView>> List(ClaimsPrincipal user, string? crisisId, bool acknowledgedToo, PageRequest page,
        CancellationToken cancellationToken)
    {
        var (items, total) = await alerts.For(user.Nationalities(), crisisId, acknowledgedToo, page, cancellationToken);
        return new PagedList<CheckInAlertView>([.. items.Select(CheckInAlertView.From)], page.Page, page.PageSize, total);
    }
}

public enum AcknowledgeResult { Acknowledged, NoSuchAlert, OtherState, NotOpen }

/// <summary>What came of an acknowledgement: the alert as it now stands, and why it was refused when it is not open.</summary>
public sealed record AcknowledgeOutcome(AcknowledgeResult Result, CheckInAlert? Alert, string? Reason);

/// <summary>An alert as its consulate reads it: ids and times; the names are in the consulate's view (<c>/consulate</c>).</summary>
public sealed record CheckInAlertView(Guid Id, string CrisisId, Guid RegistrationId, string Nationality, DateTimeOffset NeedHelpSince,
    DateTimeOffset? AcknowledgedAt)
{
    public static CheckInAlertView From(CheckInAlert alert) =>
        new(alert.Id, alert.CrisisId, alert.RegistrationId, alert.Nationality, alert.AnsweredAt, alert.IsOpen ? null : alert.AcknowledgedAt);
}
