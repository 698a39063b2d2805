using System.Security.Claims;
using Micic.Messaging.Application;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Messaging.Apis;

public static class CallBacksApi
{
    public static IEndpointRouteBuilder MapCallBacksApi(this IEndpointRouteBuilder app)
    {
        var callBacks = app.MapGroup("/api/messages/call-backs").WithTags("Messages")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        callBacks.MapGet("/", List);
        callBacks.MapPost("/{id:guid}/close", Close);
        return app;
    }

    /// <summary>The call-backs asked for, oldest first: an open one with the whole number to call (an audited read), a closed one masked.</summary>
    static async Task<Results<Ok<PagedList<CallBackView>>, ValidationProblem>> List(string? status, int? page, int? pageSize, ClaimsPrincipal user,
        CallBackDesk desk, CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        status = new ListFilters(errors).OneOf("status", status, CallBackStatus.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await desk.List(user, status, request, cancellationToken);
        return TypedResults.Ok(new PagedList<CallBackView>(items.Select(CallBackView.From).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>Closes a call-back once the call is made, with what came of it.</summary>
    static async Task<Results<Ok<CallBackClosedView>, ValidationProblem, ProblemHttpResult>> Close(Guid id, CloseCallBack body, ClaimsPrincipal user,
        CallBackDesk desk, CancellationToken cancellationToken)
    {
        if (CallBackRules.NoteProblem(body.Note) is { } problem)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = [problem] }, title: "The note is not valid.");
        return await desk.Close(user, id, body.Note!, cancellationToken) switch
        {
            (CloseOutcome.Closed, { } at) => TypedResults.Ok(new CallBackClosedView(id, CallBackStatus.Closed, at)),
            (CloseOutcome.NotFound, _) => Problems.NotFound("No such call-back.", $"There is no call-back {id}."),
            _ => Problems.Conflict("The call-back was closed already.", "A call-back is closed once, by the coordinator who made the call."),
        };
    }
}

/// <summary>A call-back as the list shows it: the number to call (masked once closed), the group's reference and language.</summary>
public sealed record CallBackView(Guid Id, DateTimeOffset At, string Status, string? Phone, string? Language, string? Reference, Guid? RequestId,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? Note)
{
    public static CallBackView From(StoredCallBack item) =>
        new(item.Id, item.At, item.Status, item.Phone, item.Language, item.Reference, item.RequestId, item.ClosedAt, item.ClosedBy, item.Note);
}

public sealed record CallBackClosedView(Guid Id, string Status, DateTimeOffset ClosedAt);
