using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>What the action endpoints need, bound with <c>[AsParameters]</c> (eShop's services bundle).</summary>
public sealed class AlertActionServices(IAlertStore alerts, ITenantStore tenants, TimeProvider clock, ILogger<AlertActionServices> logger)
{
    public IAlertStore Alerts { get; } = alerts;
    public ITenantStore Tenants { get; } = tenants;
    public TimeProvider Clock { get; } = clock;
    public ILogger<AlertActionServices> Logger { get; } = logger;
}
