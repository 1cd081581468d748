namespace Lepton.Monitor.Storage;

/// <summary>
/// One alert change from the change feed: <see cref="Seq"/> is monotonic (the SSE event id), <see cref="AlertJson"/>
/// the alert after the change exactly as <c>GET /v1/alerts/{id}</c> serves it. <see cref="Notify"/> is false for
/// changes a silence keeps quiet (see <see cref="AlertEventTypes.Notifies"/>).
/// </summary>
public sealed record AlertEvent(
    long Seq,
    string Type,
    string Tenant,
    string AlertId,
    DateTimeOffset At,
    string Jurisdiction,
    Contracts.AlertKind Kind,
    Contracts.Severity Severity,
    Contracts.AlertStatus Status,
    bool Notify,
    string AlertJson);
