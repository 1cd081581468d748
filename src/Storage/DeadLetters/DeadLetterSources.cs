namespace Lepton.Monitor.Storage;

/// <summary>Where a dead letter came from; the store accepts only these.</summary>
public static class DeadLetterSources
{
    public const string Http = "http";
    public const string Kafka = "kafka";
    public const string File = "file";

    public static bool IsValid(string? source) => source is Http or Kafka or File;
}
