using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Lepton.Monitor.Tests.Support;

/// <summary>
/// OpenTelemetry's in-memory exporter over the product's sources (Lepton.Monitor.*, Orleans' grain-call sources, ASP.NET
/// Core's server spans), for
/// following one trace through a real host in this process. Other tests' spans land here too: read by trace id.
/// </summary>
public sealed class TraceCollector : IDisposable
{
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;

    public TraceCollector()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource("Lepton.Monitor.*", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.AspNetCore")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_exported)
            .Build();
    }

    /// <summary>Spans of <paramref name="traceId"/> exported so far.</summary>
    public List<Activity> Trace(ActivityTraceId traceId)
    {
        _provider.ForceFlush();
        lock (_exported)
            return _exported.Where(a => a.TraceId == traceId).ToList();
    }

    /// <summary>Every span exported so far with the given name.</summary>
    public List<Activity> Named(string operationName)
    {
        _provider.ForceFlush();
        lock (_exported)
            return _exported.Where(a => a.OperationName == operationName).ToList();
    }

    /// <summary>A span is in the trace, or links to it (batches serving several traces link to all but their parent's).</summary>
    public static bool Reaches(Activity span, ActivityTraceId traceId) =>
        span.TraceId == traceId || span.Links.Any(l => l.Context.TraceId == traceId);

    /// <summary>Ids of the alerts raised in <paramref name="spans"/> (events on the alert pipeline's persist span).</summary>
    public static HashSet<string> RaisedAlertIds(IEnumerable<Activity> spans) =>
        spans.SelectMany(s => s.Events).Where(e => e.Name == "alert.raised")
            .Select(e => e.Tags.First(t => t.Key == "lepton.alert.id").Value as string).OfType<string>().ToHashSet();

    public void Dispose() => _provider.Dispose();
}
