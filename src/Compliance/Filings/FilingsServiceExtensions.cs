using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>Registers the report draft service (its store is registered with the other stores).</summary>
public static class FilingsServiceExtensions
{
    public static IServiceCollection AddLeptonFilings(this IServiceCollection services)
    {
        services.TryAddSingleton<ReportDraftService>();
        return services;
    }
}
