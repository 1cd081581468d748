namespace Lepton.Monitor.Silo.Load;

/// <summary>The ingest path `lepton load` drives.</summary>
public enum LoadTargetKind
{
    Http,
    Kafka,
    EventHubs,
}
