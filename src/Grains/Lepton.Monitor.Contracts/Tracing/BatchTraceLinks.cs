using System.Diagnostics;

namespace Lepton.Monitor.Contracts.Tracing;

/// <summary>
/// The trace contexts of the requests or messages that contributed to one batch (a Kafka poll, a dispatch round, an
/// ONNX run), turned into the batch's span: its parent is the first context (so a batch of one request, the common case
/// at low rates, sits inside that request's trace), and every other distinct context becomes a link, at most
/// <see cref="MaxLinks"/> of them; the rest are counted in <c>lepton.trace.links_dropped</c>. Contexts are gathered per
/// request or message, never per record, and nothing is allocated while fewer than two contexts were added.
/// </summary>
public sealed class BatchTraceLinks(int maxLinks = BatchTraceLinks.DefaultMaxLinks)
{
    public const int DefaultMaxLinks = 128;

    private ActivityContext _parent;
    private List<ActivityLink>? _links;

    public int MaxLinks { get; } = maxLinks > 0 ? maxLinks : throw new ArgumentOutOfRangeException(nameof(maxLinks), maxLinks, "must be positive");

    /// <summary>Contexts added (the parent included, repeats of the parent not).</summary>
    public int Contexts { get; private set; }

    /// <summary>Contexts beyond <see cref="MaxLinks"/>, counted instead of linked.</summary>
    public int Dropped { get; private set; }

    public ActivityContext Parent => _parent;

    public IReadOnlyList<ActivityLink> Links => (IReadOnlyList<ActivityLink>?)_links ?? [];

    /// <summary>Adds one contributor's context; an empty one (the contributor was not traced) is ignored.</summary>
    public void Add(in ActivityContext context)
    {
        if (context.TraceId == default)
            return;
        if (_parent.TraceId == default)
        {
            _parent = context;
            Contexts++;
            return;
        }
        if (context.SpanId == _parent.SpanId && context.TraceId == _parent.TraceId)
            return; // the same request again (its records split over rounds or chunks): already the parent
        Contexts++;
        _links ??= [];
        if (_links.Count < MaxLinks)
            _links.Add(new ActivityLink(context));
        else
            Dropped++;
    }

    /// <summary>
    /// Starts the batch's span under <see cref="Parent"/> with <see cref="Links"/>; null when nobody listens to
    /// <paramref name="source"/> or the sampler drops it. Activity copies the links, so this may be cleared afterwards.
    /// </summary>
    public Activity? Start(ActivitySource source, string name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!source.HasListeners())
            return null;
        var activity = source.StartActivity(name, kind, _parent, tags: null, links: _links);
        if (activity is not null && activity.IsAllDataRequested)
        {
            activity.SetTag("lepton.trace.contexts", Contexts);
            if (Dropped > 0)
                activity.SetTag("lepton.trace.links_dropped", Dropped);
        }
        return activity;
    }

    public void Clear()
    {
        _parent = default;
        _links?.Clear();
        Contexts = 0;
        Dropped = 0;
    }
}
