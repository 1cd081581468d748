using Lepton.Monitor.Compliance.PeerBenchmarks;
using Lepton.Monitor.Compliance.Posture;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard.Apis.Posture;

/// <summary>Registers the posture and peer benchmark services with their options (Lepton:Posture, Lepton:PeerBenchmarks).</summary>
public static class ComplianceInsightsServiceExtensions
{
    public static IServiceCollection AddLeptonPostureAndBenchmarks(this IServiceCollection services, IConfiguration configuration)
    {
        var posture = configuration.GetSection(PostureOptions.Section).Get<PostureOptions>() ?? new PostureOptions();
        if (posture.PeriodDays < 1 || posture.AlertSla <= TimeSpan.Zero || posture.MaxAlertsRead < 1)
            throw new InvalidOperationException($"{PostureOptions.Section}: PeriodDays >= 1, AlertSla > 0 and MaxAlertsRead >= 1 are required");
        var peers = configuration.GetSection(PeerBenchmarkOptions.Section).Get<PeerBenchmarkOptions>() ?? new PeerBenchmarkOptions();
        if (peers.Validate() is { Count: > 0 } errors)
            throw new InvalidOperationException(string.Join("; ", errors));
        services.AddSingleton(posture);
        services.AddSingleton(peers);
        services.AddSingleton<IRandomIntegers, SecureRandomIntegers>();
        services.AddSingleton(sp => new DiscreteLaplaceSampler(sp.GetRequiredService<IRandomIntegers>()));
        services.AddSingleton<PostureService>();
        services.AddSingleton<PeerBenchmarkService>();
        return services;
    }
}
