namespace Lepton.Monitor.Ingest;

/// <summary>Ready once the journal has been recovered and handed to dispatch (drives /health/ready).</summary>
public sealed class IngestReadiness
{
    private volatile string? _waitingFor = "journal recovery";

    public bool IsReady => _waitingFor is null;

    public string? WaitingFor => _waitingFor;

    public void MarkReady() => _waitingFor = null;
}
