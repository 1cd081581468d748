namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>The <c>Lepton:Kafka</c> section is wrong; the message names each bad key. Thrown at start, before anything connects.</summary>
public sealed class KafkaConfigurationException(IReadOnlyList<string> errors)
    : InvalidOperationException("Invalid Kafka configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
