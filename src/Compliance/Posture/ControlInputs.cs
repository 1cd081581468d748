namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// What the product itself knows about how well a (tenant, jurisdiction) handles its alerts and models: the age of the
/// oldest alert still waiting for a decision, the share of the period's alerts that missed their handling SLA, drift and
/// fairness episodes still open, and models the tenant can serve whose card carries no held-out evaluation.
/// </summary>
public sealed record ControlInputs(
    decimal OldestOpenAlertAgeDays,
    decimal SlaBreachShare,
    int OpenDriftFairnessEpisodes,
    int ModelsWithoutCurrentCard);
