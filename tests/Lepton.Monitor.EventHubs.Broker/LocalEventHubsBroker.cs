namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>Placeholder: the broker is being written (issue 17).</summary>
public sealed class LocalEventHubsBroker
{
}
