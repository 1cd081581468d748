namespace Lepton.Monitor.Drift.Streaming;

/// <summary>Which change of the mean Page–Hinkley reports: a rising score is the risk signal, so Up is the default.</summary>
public enum PageHinkleyDirection
{
    Up,
    Down,
    Both,
}
