namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>The <c>Lepton:EventHubs</c> section is wrong; the message names each bad key. Thrown at start, before anything connects.</summary>
public sealed class EventHubsConfigurationException(IReadOnlyList<string> errors)
    : InvalidOperationException("Invalid Event Hubs configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
