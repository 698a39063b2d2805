using System.Collections.Concurrent;
using Micic.AppHost.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>One span as a collector receives it: which trace, which parent, which service.</summary>
public sealed record CollectedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Service);

/// <summary>
/// An OpenTelemetry collector for the tests: it takes what every Micic process exports over OTLP/HTTP (protobuf) and keeps
/// the spans and the metrics' names, so that a test can read them back as an operator would in the Aspire dashboard.
/// </summary>
public sealed class TraceCollector : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentBag<CollectedSpan> _spans = [];
    readonly ConcurrentDictionary<(string Service, string Metric), byte> _metrics = new();

    TraceCollector(WebApplication app, Uri endpoint) => (_app, Endpoint) = (app, endpoint);

    /// <summary>What <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> points at (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>).</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<CollectedSpan> Trace(string traceId) => _spans.Where(span => span.TraceId == traceId).ToList();

    /// <summary>The names of the metrics a service has exported.</summary>
    public IReadOnlySet<string> Metrics(string service) => _metrics.Keys.Where(key => key.Service == service).Select(key => key.Metric).ToHashSet();

    public static async Task<TraceCollector> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = LoopbackPorts.Free();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var collector = new TraceCollector(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in Otlp.Spans(body.ToArray()))
                collector._spans.Add(span);
            return Results.Ok();
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var metric in Otlp.Metrics(body.ToArray()))
                collector._metrics.TryAdd(metric, 0);
            return Results.Ok();
        });
        // Logs are exported too; they do not matter here.
        app.MapPost("/v1/{signal}", () => Results.Ok());
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Just enough of the protobuf wire format to read spans and metric names out of OTLP export requests:
/// resource_spans|resource_metrics(1) → resource(1) → attributes(1) → {key(1), value(2) → string_value(1)};
/// scope_spans(2) → spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5); scope_metrics(2) → metrics(2) → name(1).
/// </summary>
static class Otlp
{
    public static IEnumerable<CollectedSpan> Spans(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(field => field.Number == 1).Select(field => field.Bytes))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Fields(resourceSpans).Where(field => field.Number == 2))
                foreach (var span in Fields(scopeSpans.Bytes).Where(field => field.Number == 2))
                {
                    var parts = Fields(span.Bytes).ToList();
                    string? Hex(int number) => parts.FirstOrDefault(part => part.Number == number) is { Bytes.Length: > 0 } part ? Convert.ToHexStringLower(part.Bytes) : null;
                    yield return new CollectedSpan(Hex(1)!, Hex(2)!, Hex(4), parts.FirstOrDefault(part => part.Number == 5)?.Text ?? "", service);
                }
        }
    }

    public static IEnumerable<(string Service, string Metric)> Metrics(byte[] request)
    {
        foreach (var resourceMetrics in Fields(request).Where(field => field.Number == 1).Select(field => field.Bytes))
        {
            var service = ServiceName(resourceMetrics);
            foreach (var scopeMetrics in Fields(resourceMetrics).Where(field => field.Number == 2))
                foreach (var metric in Fields(scopeMetrics.Bytes).Where(field => field.Number == 2))
                    yield return (service, Fields(metric.Bytes).FirstOrDefault(part => part.Number == 1)?.Text ?? "");
        }
    }

    /// <summary>The <c>service.name</c> attribute of the resource that exported.</summary>
    static string ServiceName(byte[] resourceData)
    {
        foreach (var resource in Fields(resourceData).Where(field => field.Number == 1))
            foreach (var attribute in Fields(resource.Bytes).Where(field => field.Number == 1))
            {
                var parts = Fields(attribute.Bytes).ToList();
                if (parts.FirstOrDefault(part => part.Number == 1)?.Text == "service.name")
                    return parts.Where(part => part.Number == 2).SelectMany(value => Fields(value.Bytes)).FirstOrDefault(v => v.Number == 1)?.Text ?? "";
            }
        return "";
    }

    sealed record Field(int Number, byte[] Bytes)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
    }

    /// <summary>The fields of one message; only length-delimited ones carry bytes, the others are skipped.</summary>
    static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var (number, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0: Varint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    yield return new Field(number, message[position..(position + length)]);
                    position += length;
                    break;
                default: throw new InvalidDataException($"Wire type {wireType} is not used by OTLP.");
            }
        }
    }

    static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var next = message[position++];
            value |= (ulong)(next & 0x7f) << shift;
            if (next < 0x80)
                return value;
        }
    }
}
