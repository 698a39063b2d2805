using System.Text.Json;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Micic.ServiceDefaults.Http;
using Npgsql;

namespace Micic.Matching.Apis;

public static class MatchingApi
{
    public static IEndpointRouteBuilder MapMatchingApi(this IEndpointRouteBuilder app)
    {
        var matching = app.MapGroup("/api/matching").WithTags("Matching").RequireAuthorization(Roles.Coordinator);
        matching.MapGet("/{requestId:guid}", Get);
        return app;
    }

    static async Task<Results<Ok<MatchingView>, ProblemHttpResult>> Get(
        Guid requestId, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT current_state, data FROM evacuation_saga WHERE correlation_id = @id");
        command.Parameters.AddWithValue("id", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return Problems.NotFound("No such request in matching.", $"Matching has no request {requestId}.");

        var saga = JsonSerializer.Deserialize<EvacuationState>(reader.GetString(1))!;
        return TypedResults.Ok(new MatchingView(
            requestId,
            JsonNamingPolicy.KebabCaseLower.ConvertName(reader.GetString(0)),
            Priority.At(saga.NeedWeight, saga.SubmittedAt, clock.GetUtcNow()),
            saga.OfferId,
            saga.History.Where(decision => decision.Reason is not null).Select(decision => decision.Reason!).ToList(),
            saga.History));
    }
}

public sealed record MatchingView(Guid RequestId, string State, int Priority, Guid? OfferId, IReadOnlyList<string> Reasons, IReadOnlyList<MatchingDecision> History);
