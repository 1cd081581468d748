namespace Lepton.Monitor.Storage;

/// <summary>Where a dead letter came from; the store accepts only these.</summary>
public static class DeadLetterSources
{
    public const string Http = "http";
    public const string Kafka = "kafka";
    /// <summary>The native Event Hubs (AMQP) consumer.</summary>
    public const string EventHubs = "eventhubs";
    public const string File = "file";

    /// <summary>The built-in demo stream.</summary>
    public const string Demo = "demo";

    /// <summary>Records whose monitor grains failed every attempt: kept here with the failure as reason.</summary>
    public const string Dispatch = "dispatch";

    public static bool IsValid(string? source) => source is Http or Kafka or EventHubs or File or Demo or Dispatch;
}
