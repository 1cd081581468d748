using Confluent.Kafka;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// What the consumer loop knows about one assigned partition: messages waiting to form a batch, batches in flight
/// (in offset order, so offsets are committed only up to the first unfinished one), and whether it is paused.
/// Touched only by the consumer loop's thread.
/// </summary>
internal sealed class PartitionState(TopicPartition partition)
{
    public TopicPartition Partition { get; } = partition;

    public List<ConsumeResult<byte[]?, byte[]?>> Pending { get; } = [];

    /// <summary>When the oldest pending message arrived (Stopwatch ticks).</summary>
    public long PendingSince { get; set; }

    public Queue<InFlightBatch> InFlight { get; } = new();

    public bool Paused { get; set; }

    /// <summary>The next offset to commit (stored in librdkafka), -1 before the first processed batch.</summary>
    public long Stored { get; set; } = -1;

    /// <summary>A batch failed (only when stopping): nothing after it may be committed.</summary>
    public bool Broken { get; set; }
}
