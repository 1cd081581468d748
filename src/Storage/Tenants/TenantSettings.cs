namespace Lepton.Monitor.Storage;

/// <summary>
/// Per-tenant behaviour (PRODUCT.md §6 <c>POST /v1/tenants</c> <c>settings</c>).
/// <see cref="FourEyesResolution"/>: resolving an alert as false-positive or benign is staged until a second analyst approves.
/// <see cref="Shards"/>: monitor grains per (tenant, jurisdiction), records spread by a stable hash of their entity
/// (<see cref="Contracts.MonitorKey.MinShards"/>–<see cref="Contracts.MonitorKey.MaxShards"/>; settings stored before
/// it existed read as 1). Changing it applies from the next batch; entities that move to another shard start their
/// windows afresh there.
/// </summary>
public sealed record TenantSettings(bool FourEyesResolution = false, int Shards = 1)
{
    public static readonly TenantSettings Default = new();
}
