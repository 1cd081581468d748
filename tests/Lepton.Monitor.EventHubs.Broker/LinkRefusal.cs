namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>AMQP error conditions for <see cref="LocalEventHubsBroker.RefuseLinks(string, int, string)"/> and how the SDK takes them.</summary>
public static class LinkRefusal
{
    /// <summary>amqp:internal-error: the SDK's ServiceCommunicationProblem, transient, retried with the configured delay.</summary>
    public const string Transient = "amqp:internal-error";

    /// <summary>com.microsoft:server-busy: the SDK's ServiceBusy, transient, but retried only after a server-busy back-off of seconds.</summary>
    public const string ServerBusy = "com.microsoft:server-busy";

    /// <summary>amqp:resource-limit-exceeded: the SDK's QuotaExceeded, not transient, so the operation fails.</summary>
    public const string QuotaExceeded = "amqp:resource-limit-exceeded";
}
