using System.Diagnostics;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Ingest.Tests.Tracing;

/// <summary>A batch's span: under its first contributor's context, linked to the others, the links capped and the rest counted.</summary>
public sealed class BatchTraceLinksTests
{
    private static ActivityContext Context() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    private static (ActivitySource Source, ActivityListener Listener, List<Activity> Stopped) Listen()
    {
        var source = new ActivitySource("Lepton.Monitor.Tests.BatchTrace." + Guid.NewGuid().ToString("N"));
        var stopped = new List<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return (source, listener, stopped);
    }

    [Fact]
    public void The_first_context_is_the_parent_and_every_other_one_a_link()
    {
        var (source, listener, _) = Listen();
        using var _l = listener;
        var first = Context();
        var others = Enumerable.Range(0, 3).Select(_ => Context()).ToArray();
        var traces = new BatchTraceLinks();
        traces.Add(first);
        foreach (var c in others)
            traces.Add(c);

        using var span = traces.Start(source, "batch")!;

        Assert.Equal(first.TraceId, span.TraceId);
        Assert.Equal(first.SpanId, span.ParentSpanId);
        Assert.Equal(others.Select(c => (c.TraceId, c.SpanId)), span.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)));
        Assert.Equal(4, span.GetTagItem("lepton.trace.contexts"));
        Assert.Null(span.GetTagItem("lepton.trace.links_dropped"));
    }

    [Fact]
    public void Links_are_capped_and_the_rest_counted()
    {
        var (source, listener, _) = Listen();
        using var _l = listener;
        var traces = new BatchTraceLinks(maxLinks: 2);
        for (var i = 0; i < 6; i++)
            traces.Add(Context());

        using var span = traces.Start(source, "batch")!;

        Assert.Equal(2, span.Links.Count());
        Assert.Equal(3, span.GetTagItem("lepton.trace.links_dropped")); // 6 = parent + 2 links + 3 dropped
        Assert.Equal(6, span.GetTagItem("lepton.trace.contexts"));
    }

    [Fact]
    public void Untraced_contributors_and_repeats_of_the_parent_add_nothing()
    {
        var traces = new BatchTraceLinks();
        var first = Context();
        traces.Add(default);
        traces.Add(first);
        traces.Add(first);
        traces.Add(default);

        Assert.Equal(first, traces.Parent);
        Assert.Empty(traces.Links);
        Assert.Equal(1, traces.Contexts);
    }

    [Fact]
    public void Without_contexts_the_span_is_a_root_and_clear_starts_over()
    {
        var (source, listener, _) = Listen();
        using var _l = listener;
        var traces = new BatchTraceLinks();
        traces.Add(Context());
        traces.Add(Context());
        traces.Clear();

        using var span = traces.Start(source, "batch")!;

        Assert.Equal(default, span.ParentSpanId);
        Assert.Empty(span.Links);
        Assert.Equal(0, traces.Contexts);
    }

    [Fact]
    public void Nobody_listening_means_no_span()
    {
        using var source = new ActivitySource("Lepton.Monitor.Tests.Unheard." + Guid.NewGuid().ToString("N"));
        var traces = new BatchTraceLinks();
        traces.Add(Context());
        Assert.Null(traces.Start(source, "batch"));
    }

    [Fact]
    public void A_cap_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchTraceLinks(0));
    }
}
