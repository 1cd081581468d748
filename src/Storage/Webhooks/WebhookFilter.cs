namespace Lepton.Monitor.Storage;

/// <summary>
/// Which alert changes a subscription is told of; an empty or absent list matches everything. Values use the API's
/// spelling (kinds <c>rule|model|drift|fairness</c>, minSeverity <c>low|medium|high|critical</c>), checked at creation.
/// </summary>
public sealed record WebhookFilter(IReadOnlyList<string>? Jurisdictions = null, IReadOnlyList<string>? Kinds = null, string? MinSeverity = null);
