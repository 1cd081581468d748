namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// What a check did to the alert episode: the grain raises an alert on <see cref="Started"/>, updates it on
/// <see cref="Continuing"/> and resolves it on <see cref="Ended"/>; <see cref="None"/> means no episode is open.
/// </summary>
public enum EpisodeTransition
{
    None,
    Started,
    Continuing,
    Ended,
}
