using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// The process's one <see cref="EventHubProducerClient"/> for the alert hub, created on first use and closed when the
/// container is disposed (after the publisher stopped). The client is thread-safe and keeps one AMQP link per target.
/// </summary>
public sealed class EventHubsAlertProducerHost(EventHubsOptions options, EventHubsClients clients) : IAsyncDisposable, IDisposable
{
    // The outbox retries every event for as long as it takes, so the SDK's own retries only need to ride out a blip;
    // shorter than its defaults (3 retries, 60 s per try) so an outage reaches the outbox's backoff sooner.
    private static readonly EventHubsRetryOptions Retries = new()
    {
        Mode = EventHubsRetryMode.Exponential,
        MaximumRetries = 2,
        Delay = TimeSpan.FromMilliseconds(200),
        MaximumDelay = TimeSpan.FromSeconds(5),
        TryTimeout = TimeSpan.FromSeconds(30),
    };

    private readonly Lazy<EventHubProducerClient> _producer = new(() =>
        clients.Producer(options.AlertHub!, new EventHubProducerClientOptions { RetryOptions = Retries, Identifier = options.Identifier }));

    public EventHubProducerClient Producer => _producer.Value;

    public string AlertHub => options.AlertHub!;

    public async ValueTask DisposeAsync()
    {
        if (_producer.IsValueCreated)
            await _producer.Value.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
