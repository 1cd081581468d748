using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// An in-process Event Hubs stand-in for tests and benchmarks: an AMQP 1.0 broker on 127.0.0.1 that the real
/// Azure.Messaging.EventHubs SDK reaches with <see cref="ConnectionString"/> (UseDevelopmentEmulator=true: plain TCP,
/// no TLS). Events live in memory per hub and partition. Faults: <see cref="DropConnections"/>,
/// <see cref="RefuseLinks"/>, <see cref="SlowPartition"/>. See README.md for what it speaks and what it does not.
/// </summary>
public sealed class LocalEventHubsBroker : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, EventHub> hubs = new(StringComparer.OrdinalIgnoreCase);
    readonly BrokerRuntime runtime;
    int disposed;

    LocalEventHubsBroker(BrokerOptions options)
    {
        runtime = new BrokerRuntime(FindHub, options.MaxMessageSize);
        foreach (var (name, partitions) in options.Hubs)
        {
            CreateHub(name, partitions);
        }
    }

    /// <summary>The TCP port the broker listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Namespace-level connection string for the SDK (name the hub separately).</summary>
    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";

    /// <summary>The namespace host, as EventHubConnectionStringProperties reports it.</summary>
    public string FullyQualifiedNamespace => "127.0.0.1";

    /// <summary>AMQP connections open now (a producer or consumer client holds one each).</summary>
    public int OpenConnections => runtime.OpenConnections;

    public static Task<LocalEventHubsBroker> StartAsync(BrokerOptions? options = null)
    {
        options ??= new BrokerOptions();
        var broker = new LocalEventHubsBroker(options);
        // A free port is found by binding port 0 and releasing it; another process could take it in between, so retry.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreePort();
            try
            {
                broker.runtime.Start(port);
                broker.Port = port;
                return Task.FromResult(broker);
            }
            catch (SocketException) when (options.Port == 0 && attempt < 5)
            {
            }
        }
    }

    /// <summary>Creates an event hub with partitions "0".."partitions-1"; an existing hub of that name is kept.</summary>
    public void CreateHub(string name, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        hubs.GetOrAdd(name, n => new EventHub(n, partitions));
    }

    /// <summary>What one partition holds, in order.</summary>
    public IReadOnlyList<BrokerEvent> Events(string hub, string partitionId) =>
        (Hub(hub).Partition(partitionId) ?? throw new ArgumentException($"Hub '{hub}' has no partition '{partitionId}'.", nameof(partitionId)))
        .Snapshot();

    /// <summary>Events in all partitions of a hub.</summary>
    public long Count(string hub) => Hub(hub).Partitions.Sum(p => (long)p.Count);

    /// <summary>Aborts every open AMQP connection (no close handshake, like a network failure); returns how many.</summary>
    public int DropConnections() => runtime.DropConnections();

    /// <summary>Refuses the next <paramref name="count"/> producer/consumer link attaches to the hub with
    /// amqp:internal-error, which the SDK treats as a transient communication problem and retries at its normal pace.</summary>
    public void RefuseLinks(string hub, int count) => RefuseLinks(hub, count, LinkRefusal.Transient);

    /// <summary>Refuses the next <paramref name="count"/> link attaches to the hub with the given AMQP error condition,
    /// e.g. <see cref="LinkRefusal.ServerBusy"/> (retried after the SDK's server-busy back-off of several seconds) or
    /// <see cref="LinkRefusal.QuotaExceeded"/> (not retried).</summary>
    public void RefuseLinks(string hub, int count, string errorCondition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCondition);
        Hub(hub).RefuseLinks(count, errorCondition);
    }

    /// <summary>How many link attaches to the hub <see cref="RefuseLinks"/> has refused so far.</summary>
    public int LinksRefused(string hub) => Hub(hub).LinksRefused;

    /// <summary>Delays every delivery from one partition by <paramref name="delayPerDelivery"/>; TimeSpan.Zero ends it.</summary>
    public void SlowPartition(string hub, string partitionId, TimeSpan delayPerDelivery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delayPerDelivery, TimeSpan.Zero);
        var partition = Hub(hub).Partition(partitionId)
            ?? throw new ArgumentException($"Hub '{hub}' has no partition '{partitionId}'.", nameof(partitionId));
        partition.DeliveryDelay = delayPerDelivery;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            runtime.Stop();
        }

        return ValueTask.CompletedTask;
    }

    EventHub? FindHub(string name) => hubs.TryGetValue(name, out var hub) ? hub : null;

    EventHub Hub(string name) => FindHub(name) ?? throw new ArgumentException($"No event hub '{name}'.", nameof(name));

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
