using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// The process's one idempotent producer (alert topic, dead-letter topic), created on first use and flushed on
/// dispose. librdkafka producers are thread-safe and batch internally, so one is shared.
/// </summary>
public sealed class KafkaProducerHost(KafkaOptions options, ILogger<KafkaProducerHost> logger) : IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer = new(() =>
    {
        KafkaNativeLibrary.EnsureLoaded();
        return new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Producer(options))
            .SetErrorHandler((_, e) => logger.Log(e.IsFatal ? LogLevel.Critical : LogLevel.Warning, "Kafka producer error {Code}: {Reason}", e.Code, e.Reason))
            .SetLogHandler((_, m) => logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
    });

    public IProducer<byte[]?, byte[]?> Producer => _producer.Value;

    public void Dispose()
    {
        if (!_producer.IsValueCreated)
            return;
        // Deliveries still queued get a last chance; what is not acknowledged stays in the outbox for the next start.
        _producer.Value.Flush(TimeSpan.FromSeconds(5));
        _producer.Value.Dispose();
    }
}
