using System.Security.Cryptography;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>
/// Makes sure an admin can log in: LEPTON_ADMIN_KEY becomes an admin key; unset, a key is generated, written to
/// <c>admin-key</c> (0600) in the data folder and printed only on a terminal.
/// </summary>
public sealed class BootstrapAdminKey(IApiKeyStore keys, IConfiguration configuration, ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public const string FileName = "admin-key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var secret = configuration["LEPTON_ADMIN_KEY"];
        if (string.IsNullOrWhiteSpace(secret))
        {
            secret = "lk_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            var dataPath = Path.GetFullPath(configuration["Lepton:DataPath"] ?? "./data");
            // Console only (not the log pipeline) so it does not end up in log storage.
            PublishGenerated(secret, dataPath, Console.Out, stdoutIsTerminal: !Console.IsOutputRedirected);
        }
        await keys.EnsureBootstrapAdminAsync(secret);
        logger.LogInformation("Bootstrap admin key ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes the generated key to <c>dataPath/admin-key</c> (owner-only) and tells the operator: the key itself only
    /// when stdout is a terminal, since redirected output lands in log files and collectors; otherwise where the file is.
    /// </summary>
    public static string PublishGenerated(string secret, string dataPath, TextWriter console, bool stdoutIsTerminal)
    {
        Directory.CreateDirectory(dataPath);
        var file = Path.Combine(dataPath, FileName);
        OwnerOnlyFile.WriteOrReplace(file, secret + "\n");
        console.WriteLine(stdoutIsTerminal
            ? $"LEPTON_ADMIN_KEY is not set; generated admin key for this data folder (also in {file}): {secret}"
            : $"LEPTON_ADMIN_KEY is not set; generated an admin key for this data folder, written to {file} (readable by this user only)");
        return file;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
