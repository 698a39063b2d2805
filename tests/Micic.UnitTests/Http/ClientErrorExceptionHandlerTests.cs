using System.Text.Json;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.UnitTests.Http;

public class ClientErrorExceptionHandlerTests
{
    static async Task<(int Status, JsonElement Problem)> Handle(Exception exception)
    {
        var services = new ServiceCollection().AddProblemDetails().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        Assert.True(await new ClientErrorExceptionHandler(services.GetRequiredService<IProblemDetailsService>())
            .TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body));
    }

    [Fact]
    public async Task A_request_without_the_body_an_endpoint_needs_is_told_so_in_the_words_of_a_user_not_of_the_framework()
    {
        var (status, problem) = await Handle(new BadHttpRequestException(
            "Implicit body inferred for parameter \"body\" but no body was provided. Did you mean to use a Service instead?"));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Equal("Required: send a JSON body.", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.DoesNotContain("Service", problem.ToString());
    }

    [Fact]
    public async Task Invalid_json_names_the_field_it_broke_at()
    {
        var (status, problem) = await Handle(new BadHttpRequestException("Failed to read parameter",
            new JsonException("The JSON value could not be converted to System.Int32. Path: $.people[0].age", "$.people[0].age", 1, 2)));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("people[0].age", out _));
    }
}
