using System.Collections.Concurrent;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// The AMQP side of the broker: a plain TCP listener on 127.0.0.1 with SASL (MSSBCBS and ANONYMOUS, both accepted without
/// checks), the connections it accepted, and the routing of every link attach to $cbs, $management, a producer or a
/// consumer — the pattern of azure-amqp's test/TestAmqpBroker.
/// </summary>
internal sealed class BrokerRuntime(Func<string, EventHub?> findHub, ulong maxMessageSize) : IRuntimeProvider
{
    const string EpochProperty = "com.microsoft:epoch";
    const string RuntimeMetricCapability = "com.microsoft:enable-receiver-runtime-metric";
    const string SelectorFilter = "apache.org:selector-filter:string";

    readonly CbsNode cbs = new();
    readonly ManagementNode management = new(findHub);
    readonly ConcurrentDictionary<AmqpConnection, byte> connections = new();
    readonly string containerId = "lepton-local-eventhubs-" + Guid.NewGuid().ToString("N")[..8];
    AmqpSettings? settings;
    AmqpTransportListener? listener;

    public int OpenConnections => connections.Count;

    public void Start(int port)
    {
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
        sasl.AddHandler(new SaslAnonymousHandler());
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));

        settings = new AmqpSettings { RuntimeProvider = this };
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);

        var tcp = new TcpTransportSettings { Host = "127.0.0.1", Port = port };
        listener = new AmqpTransportListener([tcp.CreateListener()], settings);
        listener.Listen(OnAcceptTransport);
    }

    public void Stop()
    {
        listener?.Close();
        foreach (var connection in connections.Keys)
        {
            connection.SafeClose();
        }

        connections.Clear();
    }

    /// <summary>Aborts every connection (no close frame, like a network drop); returns how many there were.</summary>
    public int DropConnections()
    {
        var dropped = 0;
        foreach (var connection in connections.Keys)
        {
            if (connections.TryRemove(connection, out _))
            {
                connection.Abort();
                dropped++;
            }
        }

        return dropped;
    }

    public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator,
        AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
        new(transport, protocolHeader, false, amqpSettings, connectionSettings);

    public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) =>
        throw new InvalidOperationException("The broker does not initiate sessions.");

    public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
    {
        if (settings.Role == true)
        {
            settings.MaxMessageSize = maxMessageSize;
            return new ReceivingAmqpLink(session, settings);
        }

        if (settings.DesiredCapabilities?.Contains(new AmqpSymbol(RuntimeMetricCapability)) == true)
        {
            settings.OfferedCapabilities = new Multiple<AmqpSymbol>([new AmqpSymbol(RuntimeMetricCapability)]);
        }

        return new SendingAmqpLink(session, settings);
    }

    public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        var address = (link.IsReceiver ? ((Target)link.Settings.Target).Address : ((Source)link.Settings.Source).Address)?.ToString()
            ?? throw new AmqpException(AmqpErrorCode.InvalidField, "The link has no address.");

        switch (address)
        {
            case CbsNode.Address:
                cbs.Attach(link);
                break;
            case ManagementNode.Address:
                management.Attach(link);
                break;
            default:
                if (!AttachEntity(link, address))
                {
                    // Refused without an attach: the open never completes, the detach already on its way ends the link.
                    return new PendingResult(state);
                }

                break;
        }

        return new CompletedResult(callback, state);
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    /// <summary>Serves a producer or consumer link; false when the link is refused without an attach (see Refuse).</summary>
    bool AttachEntity(AmqpLink link, string address)
    {
        EntityAddress entity;
        try
        {
            entity = EntityAddress.Parse(address);
        }
        catch (FormatException ex)
        {
            throw new AmqpException(AmqpErrorCode.NotFound, ex.Message);
        }

        var hub = findHub(entity.Hub)
            ?? throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{entity.Hub}' could not be found. status-code: 404");
        var partition = entity.PartitionId is null ? null : hub.Partition(entity.PartitionId)
            ?? throw new AmqpException(AmqpErrorCode.NotFound, $"The messaging entity '{address}' could not be found. status-code: 404");

        if (hub.TakeRefusal(out var condition))
        {
            return Refuse(link, hub, condition);
        }

        if (link is ReceivingAmqpLink producerLink)
        {
            if (entity.ConsumerGroup is not null)
            {
                throw new AmqpException(AmqpErrorCode.NotAllowed, $"Cannot send to consumer group address '{address}'.");
            }

            new EventPublisher(producerLink, hub, partition).Start();
            return true;
        }

        if (entity.ConsumerGroup is null || partition is null)
        {
            throw new AmqpException(AmqpErrorCode.NotAllowed, $"Receiving needs /{{hub}}/ConsumerGroups/{{group}}/Partitions/{{id}}, not '{address}'.");
        }

        var consumerLink = (SendingAmqpLink)link;
        EventStartFilter filter;
        try
        {
            filter = EventStartFilter.Parse(SelectorOf(consumerLink));
        }
        catch (FormatException ex)
        {
            throw new AmqpException(new Error { Condition = new AmqpSymbol("com.microsoft:argument-error"), Description = ex.Message });
        }

        long? epoch = consumerLink.Settings.Properties?.TryGetValue<long>(new MapKey(new AmqpSymbol(EpochProperty)), out var e) == true ? e : null;
        var readers = hub.Readers(entity.ConsumerGroup, partition.Id);
        readers.Admit(consumerLink, epoch, $"'{hub.Name}/ConsumerGroups/{entity.ConsumerGroup}/Partitions/{partition.Id}'");

        var metrics = consumerLink.Settings.OfferedCapabilities?.Contains(new AmqpSymbol(RuntimeMetricCapability)) == true;
        var reader = new PartitionReader(consumerLink, partition, partition.FirstSequenceFor(filter), metrics);
        reader.Start(() => readers.Remove(consumerLink));
        return true;
    }

    /// <summary>
    /// Refuses a link attach (the RefuseLinks fault) so that the SDK reacts at once, as each kind of link needs:
    /// a producer's attach fails outright (attach without terminus, then detach with the error, as the service does;
    /// the SDK's send retries or fails by the condition). A consumer link refused that way leaves the SDK's receive
    /// waiting out its whole try timeout, so: for a transient condition the link is attached and detached at once (the
    /// SDK quietly re-creates it), for any other the detach comes without an attach, which fails the SDK's link open
    /// with the condition straight away (QuotaExceeded reaches the reader or the processor's error handler).
    /// </summary>
    static bool Refuse(AmqpLink link, EventHub hub, string condition)
    {
        var error = new AmqpException(new Error
        {
            Condition = new AmqpSymbol(condition),
            Description = $"The local broker refused this link to '{hub.Name}' (fault injection).",
        });
        if (link.IsReceiver)
        {
            throw error;
        }

        if (condition is LinkRefusal.Transient or LinkRefusal.ServerBusy)
        {
            link.Opened += (_, _) => link.SafeClose(error);
            return true;
        }

        _ = Task.Run(() => link.SafeClose(error));
        return false;
    }

    static string? SelectorOf(SendingAmqpLink link)
    {
        var filters = ((Source)link.Settings.Source).FilterSet;
        if (filters is null)
        {
            return null;
        }

        foreach (var (_, value) in filters)
        {
            if (value is DescribedType described
                && (described.Descriptor is AmqpSymbol { Value: SelectorFilter } || described.Descriptor is ulong and 0x00000137000000A))
            {
                return described.Value as string;
            }
        }

        return null;
    }

    void OnAcceptTransport(TransportListener transportListener, TransportAsyncCallbackArgs args)
    {
        var connectionSettings = new AmqpConnectionSettings
        {
            ContainerId = containerId,
            MaxFrameSize = AmqpConstants.DefaultMaxFrameSize,
        };

        AmqpConnection? connection = null;
        try
        {
            connection = CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, settings!, connectionSettings);
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnConnectionOpened, connection);
        }
        catch (Exception ex)
        {
            connection?.SafeClose(ex);
        }
    }

    void OnConnectionOpened(IAsyncResult result)
    {
        var connection = (AmqpConnection)result.AsyncState!;
        try
        {
            connection.EndOpen(result);
            connections[connection] = 0;
            connection.Closed += (_, _) => connections.TryRemove(connection, out _);
            // It may have closed before the handler was attached.
            if (connection.State is AmqpObjectState.CloseReceived or AmqpObjectState.CloseSent or AmqpObjectState.End or AmqpObjectState.Faulted)
            {
                connections.TryRemove(connection, out _);
            }
        }
        catch (Exception ex)
        {
            connection.SafeClose(ex);
        }
    }

    sealed class PendingResult(object state) : IAsyncResult
    {
        public object AsyncState { get; } = state;

        public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

        public bool CompletedSynchronously => false;

        public bool IsCompleted => false;
    }

    sealed class CompletedResult : IAsyncResult
    {
        public CompletedResult(AsyncCallback callback, object state)
        {
            AsyncState = state;
            callback(this);
        }

        public object AsyncState { get; }

        public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

        public bool CompletedSynchronously => true;

        public bool IsCompleted => true;
    }
}
