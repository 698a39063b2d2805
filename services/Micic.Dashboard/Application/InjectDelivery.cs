using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.Hosting;
using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.Options;

namespace Micic.Dashboard.Application;

public enum DeliverResult { Delivered, NoSuchInject, AlreadyDelivered, NoExercise }

/// <summary>What a delivery came to, with the inject as it now stands.</summary>
public sealed record DeliverOutcome(DeliverResult Result, RegisteredInject? Inject);

/// <summary>
/// Delivers the exercise's injects: each at its crisis time (the sweeper), or at once when the controller says so. A
/// delivery is recorded, kept in the dashboard's history (the live page shows it among the alerts) and announced, in one
/// transaction; a platform that plays no exercise has no injects.
/// </summary>
public sealed class InjectDelivery(DbSession session, ExerciseInjects injects, DashboardProjection projection, TransactionalOutbox outbox,
    ExerciseMode exercise, IConfiguration configuration, TimeProvider clock, [FromKeyedServices(RealTime.Key)] TimeProvider real)
{
    /// <summary>The scenario the exercise plays, or null on a live platform or a plain replay.</summary>
    public string? Scenario => exercise.Enabled && exercise.ScenarioFile is { } file ? Path.GetFileNameWithoutExtension(file) : null;

    /// <summary>Registers the plan's injects, due from the crisis's start on the clock; nothing without an exercise.</summary>
    public async Task<int> Register(CancellationToken cancellationToken)
    {
        if (Scenario is not { } scenario || configuration.GetSection(SharedClock.Section).Get<ClockOptions>()?.Start is not { } start)
            return 0;
        var plan = RegisteredInject.Of(scenario, exercise.Plan(), start);
        await session.BeginAsync(cancellationToken);
        await injects.Register(plan, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return plan.Count;
    }

    public async Task<IReadOnlyList<RegisteredInject>> List(CancellationToken cancellationToken) =>
        Scenario is { } scenario ? await injects.Of(scenario, cancellationToken) : [];

    /// <summary>Delivers every pending inject whose crisis time has come.</summary>
    public async Task<IReadOnlyList<RegisteredInject>> DeliverDue(CancellationToken cancellationToken)
    {
        if (Scenario is not { } scenario)
            return [];
        await session.BeginAsync(cancellationToken);
        try
        {
            var delivered = new List<RegisteredInject>();
            foreach (var due in await injects.ClaimDue(scenario, clock.GetUtcNow(), cancellationToken))
                delivered.Add(await Deliver(due, by: null, cancellationToken));
            await session.CommitAsync(cancellationToken);
            return delivered;
        }
        finally
        {
            await session.RollbackAsync(); // nothing to undo once committed
        }
    }

    /// <summary>The controller (<paramref name="organisationId"/>) delivers an inject now, ahead of its time.</summary>
    public async Task<DeliverOutcome> DeliverNow(string id, string organisationId, CancellationToken cancellationToken)
    {
        if (Scenario is not { } scenario)
            return new DeliverOutcome(DeliverResult.NoExercise, null);
        await session.BeginAsync(cancellationToken);
        try
        {
            var inject = await injects.FindForUpdate(scenario, id, cancellationToken);
            if (inject is null)
                return new DeliverOutcome(DeliverResult.NoSuchInject, null);
            if (inject.DeliveredAt is not null)
                return new DeliverOutcome(DeliverResult.AlreadyDelivered, inject);
            var delivered = await Deliver(inject, organisationId, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return new DeliverOutcome(DeliverResult.Delivered, delivered);
        }
        finally
        {
            await session.RollbackAsync(); // a refusal stores nothing
        }
    }

    async Task<RegisteredInject> Deliver(RegisteredInject inject, string? by, CancellationToken cancellationToken)
    {
        var (delivered, @event) = inject.Deliver(clock.GetUtcNow(), real.GetUtcNow(), by);
        await injects.MarkDelivered(delivered, cancellationToken);
        await projection.Project([new NewEvent(Guid.CreateVersion7(@event.RealAt), @event, @event.At)], cancellationToken);
        await outbox.Publish(@event, cancellationToken);
        return delivered;
    }
}

/// <summary>
/// Registers the exercise's injects once the database is ready, then delivers each as its crisis time comes. Claimed with
/// <c>SKIP LOCKED</c>, so every dashboard instance may sweep: each inject is delivered once.
/// </summary>
public sealed class InjectSweeper(IServiceScopeFactory scopes, ExerciseMode exercise, IOptions<DashboardOptions> options, ILogger<InjectSweeper> logger)
    : PeriodicSweeper(logger)
{
    bool _registered;

    protected override TimeSpan Interval => options.Value.InjectSweepInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (exercise.Enabled)
            await base.ExecuteAsync(stoppingToken);
    }

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var delivery = scope.ServiceProvider.GetRequiredService<InjectDelivery>();
        if (!_registered)
        {
            logger.LogInformation("The exercise's {Injects} injects are registered", await delivery.Register(cancellationToken));
            _registered = true;
        }
        foreach (var inject in await delivery.DeliverDue(cancellationToken))
            logger.LogInformation("Inject {Inject} ({Kind}) delivered at crisis time {At:u}, due {Due:u}", inject.Id, inject.Kind, inject.DeliveredAt, inject.DueAt);
    }
}
