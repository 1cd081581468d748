namespace Lepton.Monitor.Storage;

/// <summary>Which events a reader wants; every set field must match (the filters of <c>GET /v1/alerts</c>).</summary>
public sealed record AlertEventFilter
{
    public string? Tenant { get; init; }
    public string? Jurisdiction { get; init; }
    public Contracts.AlertKind? Kind { get; init; }
    public Contracts.Severity? Severity { get; init; }
    public Contracts.AlertStatus? Status { get; init; }

    /// <summary>Only events subscribers are told of (<see cref="AlertEvent.Notify"/>).</summary>
    public bool NotifyOnly { get; init; }
}
