using System.Text;
using Confluent.Kafka;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// Produces one message per record, keyed by the tenant (as `lepton publish` does), with acks=all and idempotence;
/// a record is acknowledged when the broker acks it. A full local queue waits (polling) and counts in latency.
/// Load <see cref="Ingest.Kafka.KafkaNativeLibrary"/> before constructing this class.
/// </summary>
public sealed class KafkaLoadSender : ILoadSender
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly string _topic;
    private readonly byte[] _key;
    private readonly LoadStatistics _stats;

    public KafkaLoadSender(string bootstrap, string topic, string tenant, LoadStatistics stats)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            BatchSize = 1_000_000,
            MessageTimeoutMs = 60_000,
            QueueBufferingMaxMessages = 1_000_000,
        };
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        _topic = topic;
        _key = Encoding.UTF8.GetBytes(tenant);
        _stats = stats;
        Description = $"Kafka topic '{topic}' at {bootstrap} (one message per record, key '{tenant}', acks=all)";
    }

    public string Description { get; }

    public Task PrepareAsync(CancellationToken ct)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        try
        {
            admin.GetMetadata(_topic, TimeSpan.FromSeconds(10));
        }
        catch (KafkaException e)
        {
            throw new LoadTargetException($"the Kafka cluster did not answer: {e.Error.Reason}");
        }
        return Task.CompletedTask;
    }

    public Task SendAsync(LoadChunk chunk, long dueTimestamp, CancellationToken ct)
    {
        void Delivered(DeliveryReport<byte[]?, byte[]?> report)
        {
            if (report.Error.IsError)
                _stats.Fail("kafka " + report.Error.Code, 1, backpressure: false);
            else
                _stats.Acknowledge(1, dueTimestamp);
        }

        for (var i = 0; i < chunk.Records; i++)
        {
            var message = new Message<byte[]?, byte[]?> { Key = _key, Value = chunk.Record(i).ToArray() };
            while (true)
            {
                try
                {
                    _producer.Produce(_topic, message, Delivered);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                {
                    ct.ThrowIfCancellationRequested();
                    _producer.Poll(TimeSpan.FromMilliseconds(10)); // the local queue is full: let deliveries complete
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task DrainAsync(TimeSpan timeout)
    {
        var left = _producer.Flush(timeout);
        if (left > 0)
            _stats.Fail("kafka not acknowledged in time", left, backpressure: false);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
