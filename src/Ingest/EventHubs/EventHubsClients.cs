using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Builds SDK clients from <see cref="EventHubsOptions"/>: from the connection string, or from the namespace with
/// <c>DefaultAzureCredential</c> (one credential per process: it caches its tokens).
/// </summary>
public sealed class EventHubsClients(EventHubsOptions options)
{
    private readonly Lazy<TokenCredential> _credential = new(() => new DefaultAzureCredential());

    public bool UsesCredential => string.IsNullOrWhiteSpace(options.ConnectionString);

    /// <summary>The namespace host, as ownership and checkpoint rows are keyed (<c>NS.servicebus.windows.net</c>, or the local broker's host).</summary>
    public string Namespace => UsesCredential
        ? options.FullyQualifiedNamespace!.Trim()
        : EventHubsConnectionStringProperties.Parse(options.ConnectionString).FullyQualifiedNamespace;

    public TokenCredential Credential => _credential.Value;

    public EventHubProducerClient Producer(string eventHub, EventHubProducerClientOptions? clientOptions = null) => UsesCredential
        ? new EventHubProducerClient(Namespace, eventHub, Credential, clientOptions ?? new EventHubProducerClientOptions())
        : new EventHubProducerClient(options.ConnectionString, eventHub, clientOptions ?? new EventHubProducerClientOptions());

    public EventHubConsumerClient Consumer(string consumerGroup, string eventHub, EventHubConsumerClientOptions? clientOptions = null) => UsesCredential
        ? new EventHubConsumerClient(consumerGroup, Namespace, eventHub, Credential, clientOptions ?? new EventHubConsumerClientOptions())
        : new EventHubConsumerClient(consumerGroup, options.ConnectionString, eventHub, clientOptions ?? new EventHubConsumerClientOptions());
}
