using System.Globalization;
using Micic.Requests.Application;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>
/// Self-registration (<see cref="SelfRegistrations"/>), for anyone, without signing in: the public page <c>/register</c>
/// asks for a household, Messaging sends a 6-digit code to its phone, and the code confirms it. Until then the
/// registration is nowhere: not counted, not listed, asked nothing. The gateway limits these calls per client address;
/// here, codes per phone.
/// </summary>
public static class SelfRegistrationApi
{
    public static IEndpointRouteBuilder MapSelfRegistrationApi(this IEndpointRouteBuilder app)
    {
        var self = app.MapGroup("/api/registrations/self").WithTags("Registrations").AllowAnonymous();
        self.MapPost("/", Register);
        self.MapPost("/{id:guid}/confirm", Confirm);
        self.MapGet("/choices", Choices);
        return app;
    }

    /// <summary>
    /// A household registers itself: 202, waiting for the code sent to its phone (valid 15 minutes). 429 once the phone
    /// has had its codes this hour.
    /// </summary>
    static async Task<Results<Accepted<SelfRegistrationAccepted>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterHousehold body, RegistrationValidator validator, SelfRegistrations registrations, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(body);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The registration is not valid.");

        var requested = await registrations.Request(body, cancellationToken);
        if (requested.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = TooManyRequests.RetryAfter(wait);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many codes to this phone.",
                detail: $"At most {SelfRegistrationRules.CodesPerPhonePerHour} codes go to one phone in an hour. Try again later.");
        }
        return TypedResults.Accepted($"/api/registrations/self/{requested.Id}",
            new SelfRegistrationAccepted(requested.Id!.Value, SelfRegistrationStatus.AwaitingCode, requested.CodeExpiresAt!.Value));
    }

    /// <summary>
    /// The code the phone received: 200, and the household is in its consulate's registry. A wrong code is 400 with the
    /// tries left (the fifth voids the registration); a void or expired one 410; a confirmed one 409; none 404.
    /// </summary>
    static async Task<Results<Ok<SelfRegistrationConfirmed>, ValidationProblem, ProblemHttpResult>> Confirm(
        Guid id, ConfirmCode body, SelfRegistrations registrations, CancellationToken cancellationToken)
    {
        if (!SelfRegistrationRules.IsWellFormed(body.Code))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["The 6 digits of the code sent to your phone."] },
                title: "The code is not valid.");

        var tried = await registrations.Confirm(id, body.Code!, cancellationToken);
        return tried?.Outcome switch
        {
            null => Problems.NotFound("No such registration.", $"No registration {id} is waiting for a code."),
            CodeOutcome.Confirmed => TypedResults.Ok(new SelfRegistrationConfirmed(id, SelfRegistrationStatus.Confirmed)),
            CodeOutcome.Wrong => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["code"] = [$"Wrong code: {tried.TriesLeft} {(tried.TriesLeft == 1 ? "try" : "tries")} left."] },
                title: "Wrong code.", extensions: new Dictionary<string, object?> { ["triesLeft"] = tried.TriesLeft }),
            CodeOutcome.Voided => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["code"] = ["Wrong code, for the fifth time: this registration is void and its details erased. Please register again."] },
                title: "Wrong code: the registration is void.", extensions: new Dictionary<string, object?> { ["triesLeft"] = 0 }),
            CodeOutcome.AlreadyConfirmed => Problems.Conflict("Already confirmed.", $"Registration {id} was confirmed before: there is nothing more to do."),
            CodeOutcome.AlreadyVoid => Gone("This registration is void.", "Five wrong codes were given: its details were erased. Please register again."),
            _ => Gone("The code has expired.", $"A code is valid for {SelfRegistrationRules.CodeLifetime.TotalMinutes:0} minutes: this registration's details were erased. Please register again."),
        };
    }

    /// <summary>What the page offers: the countries (with their two-letter codes, by which a browser names them in the reader's language) and the areas.</summary>
    static Ok<SelfRegistrationChoices> Choices(SeedData seeds) =>
        TypedResults.Ok(new SelfRegistrationChoices(
            [.. seeds.Countries.Order(StringComparer.Ordinal).Select(code => new CountryChoice(code, Alpha2.GetValueOrDefault(code)))],
            [.. seeds.Places.Values.OrderBy(place => place.Country, StringComparer.Ordinal).ThenBy(place => place.Name, StringComparer.Ordinal)
                .Select(place => new AreaChoice(place.Code, place.Name, place.Country))]));

    static readonly Dictionary<string, string> Alpha2 = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => { try { return new RegionInfo(culture.Name); } catch (ArgumentException) { return null; } })
        .OfType<RegionInfo>()
        .GroupBy(region => region.ThreeLetterISORegionName)
        .ToDictionary(group => group.Key, group => group.First().TwoLetterISORegionName, StringComparer.Ordinal);

    static ProblemHttpResult Gone(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: title, detail: detail);
}

public sealed record SelfRegistrationAccepted(Guid Id, string Status, DateTimeOffset CodeExpiresAt);

public sealed record ConfirmCode(string? Code);

public sealed record SelfRegistrationConfirmed(Guid Id, string Status);

public sealed record SelfRegistrationChoices(IReadOnlyList<CountryChoice> Countries, IReadOnlyList<AreaChoice> Areas);

public sealed record CountryChoice(string Code, string? Alpha2);

public sealed record AreaChoice(string Code, string Name, string Country);
