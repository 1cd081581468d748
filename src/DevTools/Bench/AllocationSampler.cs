using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Which types a bench phase allocates, from the runtime's own sampling: the GC raises an allocation tick about every
/// 100 KB allocated, naming the type of the object that crossed the mark, so bytes per type summed over the ticks
/// estimate where the allocations go (a type's share is good to a few per cent over thousands of ticks).
/// </summary>
/// <remarks>In process, through an <see cref="EventListener"/>: a few thousand events per 100k records, no tool needed.</remarks>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private EventSource? _runtime;
    private volatile bool _sampling;

    /// <summary>Bytes per type seen so far (while sampling).</summary>
    public IReadOnlyDictionary<string, long> BytesByType => _bytesByType;

    public long SampledBytes => _bytesByType.Values.Sum();

    /// <summary>Starts counting allocation ticks (clears earlier counts).</summary>
    public void Start()
    {
        _bytesByType.Clear();
        _sampling = true;
        if (_runtime is { } runtime)
            EnableEvents(runtime, EventLevel.Verbose, GcKeyword);
    }

    public void Stop()
    {
        _sampling = false;
        if (_runtime is { } runtime)
            DisableEvents(runtime);
    }

    /// <summary>The <paramref name="top"/> types by sampled bytes, with their share and bytes per record.</summary>
    public string Format(long records, int top = 12)
    {
        var c = CultureInfo.InvariantCulture;
        var total = Math.Max(1, SampledBytes);
        var s = new StringBuilder();
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(top))
            s.AppendLine(c, $"    {bytes / (double)total,6:P1}  {bytes / (double)Math.Max(1, records),7:N0} B/record  {type}");
        return s.ToString();
    }

    /// <summary>Adds one tick's bytes to its type (public for tests; the listener calls it for every tick).</summary>
    public void Add(string type, long bytes) => _bytesByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Called from the base constructor too, before this class's fields are set: only remember the source here.
        if (eventSource.Name == RuntimeSource)
            _runtime = eventSource;
        base.OnEventSourceCreated(eventSource);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_sampling || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
            return;
        string? type = null;
        long bytes = 0;
        for (var i = 0; i < e.PayloadNames.Count; i++)
        {
            switch (e.PayloadNames[i])
            {
                case "TypeName":
                    type = e.Payload![i] as string;
                    break;
                case "AllocationAmount64":
                    bytes = Convert.ToInt64(e.Payload![i], CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when bytes == 0:
                    bytes = Convert.ToInt64(e.Payload![i], CultureInfo.InvariantCulture);
                    break;
            }
        }
        Add(string.IsNullOrEmpty(type) ? "(unknown type)" : type, bytes);
    }
}
