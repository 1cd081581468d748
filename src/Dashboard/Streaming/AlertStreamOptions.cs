namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// Settings of <c>GET /v1/alerts/stream</c> (section <c>Lepton:Sse</c>).
/// <para>
/// The resume window: a client reconnecting with <c>Last-Event-ID</c> gets exactly the events after it, with no gap and
/// no duplicate, as long as that event is still in the change feed, i.e. younger than <see cref="Retention"/> (24 h by
/// default, <see cref="Storage.IAlertEventLog.DefaultRetention"/>). An id older than the oldest kept event first
/// gets a <c>stream.gap</c> event (<c>{"lastEventId":…,"firstAvailable":…}</c>: re-list with <c>GET /v1/alerts</c>),
/// then the stream continues from the oldest kept event.
/// </para>
/// </summary>
public sealed class AlertStreamOptions
{
    public const string Section = "Lepton:Sse";

    /// <summary>A <c>: heartbeat</c> comment after this long without any other write (proxies close idle connections).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long change-feed events are kept, and so how far back a stream can resume.</summary>
    public TimeSpan Retention { get; set; } = Storage.IAlertEventLog.DefaultRetention;

    /// <summary>How often events older than <see cref="Retention"/> are pruned.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A write and flush that does not complete within this cuts the connection off (the client stopped reading).</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection more than this many events further behind the head than when it started is cut off.</summary>
    public long MaxLag { get; set; } = 100_000;

    /// <summary>Concurrent streams; beyond it a new one answers 503 with <c>Retry-After</c>.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Events read from the change feed per query; nothing more than one page is ever held per connection.</summary>
    public int PageSize { get; set; } = 256;

    /// <summary>The reconnection delay sent to clients as <c>retry:</c>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws when a setting cannot work, so a typo fails at start rather than in the first stream.</summary>
    public void Validate()
    {
        static void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
                throw new InvalidOperationException($"{Section}:{name} must be a positive time span (was {value})");
        }
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(Retention, nameof(Retention));
        Positive(PruneInterval, nameof(PruneInterval));
        Positive(SlowClientTimeout, nameof(SlowClientTimeout));
        Positive(ReconnectDelay, nameof(ReconnectDelay));
        if (MaxLag < 1 || MaxConnections < 1 || PageSize < 1)
            throw new InvalidOperationException($"{Section}: MaxLag, MaxConnections and PageSize must be at least 1");
    }
}
