using System.Reflection;
using System.Text;
using Micic.ServiceDefaults.Exercises;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// A page and its files, built into a service's assembly and served under one path: <c>{path}/</c> is the page,
/// <c>{path}/{file}</c> its scripts and styles. The page holds no data (it signs in and calls the API), so it is public.
/// On an exercise platform the page carries the EXERCISE banner.
/// </summary>
public static class WebApp
{
    static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".css"] = "text/css; charset=utf-8",
        [".json"] = "application/json", [".webmanifest"] = "application/manifest+json", [".svg"] = "image/svg+xml", [".png"] = "image/png",
    };

    /// <param name="resources">The files' resource names start with this, then the file name (e.g. <c>Micic.Requests.Web.</c>).</param>
    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder app, string path, Assembly assembly, string resources)
    {
        var files = assembly.GetManifestResourceNames().Where(name => name.StartsWith(resources, StringComparison.Ordinal))
            .ToDictionary(name => name[resources.Length..], name => Read(assembly, name), StringComparer.Ordinal);
        if (!files.TryGetValue("index.html", out var page))
            throw new InvalidOperationException($"{assembly.GetName().Name} has no {resources}index.html.");
        if (app.ServiceProvider.GetService(typeof(ExerciseMode)) is ExerciseMode { Enabled: true } exercise)
        {
            files["index.html"] = Encoding.UTF8.GetBytes(exercise.MarkPage(Encoding.UTF8.GetString(page), $"{path}/{ExerciseStyle}"));
            files[ExerciseStyle] = Read(typeof(ExerciseMode).Assembly, ExerciseMode.BannerStyle);
        }

        // The page lives at {path}/ so that what it installs (a service worker) covers every file below it. Routing
        // does not tell the two apart, so the request's own path does.
        app.MapGet(path, (HttpRequest request, HttpResponse response) => request.Path.Value!.EndsWith('/')
            ? File(response, files, "index.html")
            : Results.Redirect($"{path}/{request.QueryString}")).ExcludeFromDescription();
        app.MapGet(path + "/{file}", (string file, HttpResponse response) => File(response, files, file)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The EXERCISE banner's stylesheet, beside a page's own files.</summary>
    public const string ExerciseStyle = "micic-exercise.css";

    /// <summary>One file of a service's assembly at <paramref name="path"/> (a stylesheet of server-rendered pages, say).</summary>
    public static IEndpointRouteBuilder MapEmbeddedFile(this IEndpointRouteBuilder app, string path, Assembly assembly, string resource)
    {
        var name = Path.GetFileName(path);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [name] = Read(assembly, resource) };
        app.MapGet(path, (HttpResponse response) => File(response, files, name)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    static IResult File(HttpResponse response, Dictionary<string, byte[]> files, string name)
    {
        if (!files.TryGetValue(name, out var content) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            return TypedResults.Problem(title: "No such file.", statusCode: StatusCodes.Status404NotFound);
        // Always asked again, so that a new version reaches browsers (and the offline copy) at once.
        response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(content, contentType);
    }

    static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
