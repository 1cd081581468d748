namespace Lepton.Monitor.Storage;

/// <summary>
/// Per-tenant behaviour (PRODUCT.md §6 <c>POST /v1/tenants</c> <c>settings</c>).
/// <see cref="FourEyesResolution"/>: resolving an alert as false-positive or benign is staged until a second analyst approves.
/// </summary>
public sealed record TenantSettings(bool FourEyesResolution = false)
{
    public static readonly TenantSettings Default = new();
}
