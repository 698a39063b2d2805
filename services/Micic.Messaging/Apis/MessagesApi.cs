using System.Security.Claims;
using Micic.Messaging.Application;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Messaging.Apis;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/messages").WithTags("Messages")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Requester))
            .MapGet("/", List);
        app.MapGroup("/api/messages/broadcasts").WithTags("Messages")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator))
            .MapPost("/", Broadcast).WithIdempotencyKey<SendBroadcast>();
        return app;
    }

    /// <summary>Messages in and out, newest first: a coordinator's of everyone; a requester's of its own groups, phones masked.</summary>
    static async Task<Results<Ok<PagedList<MessageView>>, ValidationProblem>> List(Guid? requestId, Guid? registrationId, string? direction, string? status,
        int? page, int? pageSize, ClaimsPrincipal user, MessageReading reading, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        direction = filters.OneOf("direction", direction, [Direction.In, Direction.Out]);
        status = filters.OneOf("status", status, MessageStatus.Listed);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await reading.List(user, new MessageFilter(requestId, registrationId, direction, status, null), request, cancellationToken);
        return TypedResults.Ok(new PagedList<MessageView>(items.Select(MessageView.From).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>A text to every consenting, not stopped group in scope, each phone once, in its language (English otherwise).</summary>
    static async Task<Results<Accepted<BroadcastSent>, ValidationProblem, ProblemHttpResult>> Broadcast(SendBroadcast body, ClaimsPrincipal user,
        Broadcasting broadcasting, SeedData seeds, CrisisCatalogue crises, CancellationToken cancellationToken)
    {
        var errors = BroadcastRules.Problems(body.CrisisId, body.PickupPlace, body.Nationality, body.Text, seeds,
            await crises.Find(body.CrisisId, cancellationToken));
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The broadcast is not valid.");
        var (outcome, sent) = await broadcasting.Send(user, body, cancellationToken);
        if (outcome == BroadcastOutcome.NobodyInScope)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { [body.PickupPlace is not null ? "pickupPlace" : body.Nationality is not null ? "nationality" : "crisisId"] =
                    ["Nobody in scope: no group there that agreed to messages, has not sent STOP and waits to leave."] },
                title: "The broadcast reaches nobody.");
        if (outcome == BroadcastOutcome.ContactsUnanswered)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The broadcast could not be sent now.",
                detail: "The contacts of families still waiting could not be fetched in time; nothing was sent. Try again shortly.");
        return TypedResults.Accepted($"/api/messages?direction=out", sent!);
    }
}

/// <summary>A message as the API shows it: when it was written or received, and for one sent, when it left and reached the phone.</summary>
public sealed record MessageView(Guid Id, string Direction, string? Phone, string? Language, string Kind, string? Text, string Status, DateTimeOffset At,
    Guid? RequestId, Guid? RegistrationId, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt)
{
    public static MessageView From(StoredMessage message) => new(message.Id, message.Direction, message.Phone, message.Language, message.Kind,
        message.Text, message.Status, message.At, message.RequestId, message.RegistrationId, message.SentAt, message.DeliveredAt);
}
