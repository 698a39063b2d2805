using System.Security.Claims;
using Micic.Messaging.Application;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Messaging.Apis;

public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/api/feedback").WithTags("Feedback");
        feedback.MapGet("/", List).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Partner));
        feedback.MapPost("/", Record).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Requester))
            .WithIdempotencyKey<RecordFeedback>();
        feedback.MapPost("/{id:guid}/answer", Answer).RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator));
        return app;
    }

    /// <summary>
    /// The register, newest first: a coordinator's lists every item, a sealed one without its text; the roster's psea
    /// partner's lists the sealed items only, with their text. Any other partner is refused.
    /// </summary>
    static async Task<Results<Ok<PagedList<FeedbackView>>, ValidationProblem, ProblemHttpResult>> List(string? crisisId, string? category, string? status,
        int? page, int? pageSize, ClaimsPrincipal user, FeedbackDesk desk, CrisisCatalogue crises, CancellationToken cancellationToken)
    {
        if (desk.ReaderOf(user) is not { } reader)
            return Problems.Forbidden("Not a reader of the feedback register.",
                $"Coordinators read the register; of partners, only the roster's '{FeedbackRules.PseaService}' partner reads its sealed items.");
        var (request, errors) = PageRequest.From(page, pageSize);
        var filters = new ListFilters(errors);
        crisisId = filters.Crisis("crisisId", crisisId, await crises.Find(crisisId, cancellationToken));
        category = filters.OneOf("category", category, FeedbackCategory.All);
        status = filters.OneOf("status", status, FeedbackStatus.All);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await desk.List(user, reader, new FeedbackFilter(crisisId, category, status, false), request, cancellationToken);
        return TypedResults.Ok(new PagedList<FeedbackView>(items.Select(FeedbackView.From).ToList(), request.Page, request.PageSize, total));
    }

    /// <summary>Feedback a person gave on the web or at a desk; its category guessed from the text when the desk gives none.</summary>
    static async Task<Results<Created<FeedbackRecorded>, ValidationProblem, ProblemHttpResult>> Record(RecordFeedback body, ClaimsPrincipal user,
        FeedbackDesk desk, CrisisCatalogue crises, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(body.CrisisId))
            errors["crisisId"] = ["Required."];
        else if (await crises.Find(body.CrisisId, cancellationToken) is null)
            errors["crisisId"] = ["There is no such crisis."];
        if (body.Channel is null || !FeedbackChannel.Recorded.Contains(body.Channel))
            errors["channel"] = [$"Must be one of: {string.Join(", ", FeedbackChannel.Recorded)}."];
        if (body.Category is not null && !FeedbackCategory.All.Contains(body.Category))
            errors["category"] = [$"Must be one of: {string.Join(", ", FeedbackCategory.All)}."];
        if (FeedbackRules.TextProblem(body.Text, FeedbackRules.MaxTextLength) is { } problem)
            errors["text"] = [problem];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The feedback is not valid.");

        if (await desk.Record(user, body, cancellationToken) is not { } id)
            return Problems.NotFound("No such request.", "There is no request of yours with this id.");
        return TypedResults.Created($"/api/feedback/{id}", new FeedbackRecorded(id));
    }

    /// <summary>Answers an item: the answer goes back by SMS in the sender's language, through the outbound queue.</summary>
    static async Task<Results<Ok<FeedbackAnswerView>, ValidationProblem, ProblemHttpResult>> Answer(Guid id, AnswerFeedback body, ClaimsPrincipal user,
        FeedbackDesk desk, CancellationToken cancellationToken)
    {
        if (FeedbackRules.TextProblem(body.Text, FeedbackRules.MaxAnswerLength) is { } problem)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [problem] }, title: "The answer is not valid.");
        return await desk.Answer(user, id, body.Text!, cancellationToken) switch
        {
            AnswerOutcome.Sent => TypedResults.Ok(new FeedbackAnswerView(id, FeedbackStatus.Answered, true)),
            AnswerOutcome.Closed => TypedResults.Ok(new FeedbackAnswerView(id, FeedbackStatus.Closed, false)),
            AnswerOutcome.NotFound => Problems.NotFound("No such feedback.", $"There is no feedback {id}."),
            AnswerOutcome.Sealed => Problems.Conflict("The feedback is sealed.",
                $"A sensitive item is referred to the roster's '{FeedbackRules.PseaService}' partner and is not answered from the register."),
            _ => Problems.Conflict("The feedback was answered already.", "An item is answered once."),
        };
    }
}

/// <summary>A feedback item as the register shows it; <see cref="Text"/> is absent where the reader may not see it.</summary>
public sealed record FeedbackView(Guid Id, DateTimeOffset At, string Channel, string Category, string Status, string? Text, Guid? RequestId, string? CrisisId)
{
    public static FeedbackView From(StoredFeedback item) =>
        new(item.Id, item.At, item.Channel, item.Category, item.Status, item.Text, item.RequestId, item.CrisisId);
}

public sealed record FeedbackRecorded(Guid Id);

/// <summary>The answer taken: <see cref="Sent"/> when it goes to the sender's phone, else the item is closed without one.</summary>
public sealed record FeedbackAnswerView(Guid Id, string Status, bool Sent);
