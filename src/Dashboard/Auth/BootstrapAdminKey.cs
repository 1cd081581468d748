using System.Security.Cryptography;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>
/// Makes sure an admin can log in: LEPTON_ADMIN_KEY becomes an admin key; unset, a key is generated and printed once.
/// </summary>
public sealed class BootstrapAdminKey(IApiKeyStore keys, IConfiguration configuration, ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var secret = configuration["LEPTON_ADMIN_KEY"];
        if (string.IsNullOrWhiteSpace(secret))
        {
            secret = "lk_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            // Printed on the console only (not the log pipeline) so it does not end up in log storage.
            Console.WriteLine($"LEPTON_ADMIN_KEY is not set; generated admin key for this data folder: {secret}");
        }
        await keys.EnsureBootstrapAdminAsync(secret);
        logger.LogInformation("Bootstrap admin key ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
