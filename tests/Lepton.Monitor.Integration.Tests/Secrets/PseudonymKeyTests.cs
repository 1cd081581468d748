using Lepton.Monitor.Ingest;
using Lepton.Monitor.Integration.Tests.Cli;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Integration.Tests.Secrets;

/// <summary>Pseudonymization keys kept outside lepton.db: a key file (0600) or LEPTON_PSEUDONYM_KEY.</summary>
public sealed class PseudonymKeyTests
{
    private const string AccountNumber = "12345678";

    private static string[] HostArgs(string dataPath, params string[] extra) =>
    [
        "--Lepton:DataPath", dataPath,
        "--Lepton:Demo:Enabled", "false",
        "--LEPTON_ADMIN_KEY", LeptonTestHost.AdminKey,
        "--Logging:LogLevel:Default", "Warning",
        .. extra,
    ];

    private static async Task<(string KeyFileToken, string InDatabaseToken)> TokensAsync(string dataPath, string keyFile)
    {
        var app = LeptonHost.Build(HostArgs(dataPath, "--Lepton:Privacy:KeyFile", keyFile));
        await using var _ = app;
        var fromKeyFile = app.Services.GetRequiredService<PseudonymizerRegistry>().For("acme").Token(AccountNumber);
        var store = app.Services.GetRequiredService<ITenantStore>();
        using var inDatabase = new PseudonymizerRegistry(t => store.GetOrCreatePseudonymKeyAsync(t).GetAwaiter().GetResult());
        return (fromKeyFile, inDatabase.For("acme").Token(AccountNumber));
    }

    [Fact]
    public async Task A_missing_key_file_is_created_owner_only_and_its_tokens_replace_the_in_database_keys_across_restarts()
    {
        using var dir = new TempFolder();
        var dataPath = Path.Combine(dir.Path, "data");
        var keyFile = Path.Combine(dir.Path, "secrets", "pseudonym.key");

        var (first, inDatabase) = await TokensAsync(dataPath, keyFile);

        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(keyFile));
        Assert.NotEqual(inDatabase, first);

        var (afterRestart, _) = await TokensAsync(dataPath, keyFile);
        Assert.Equal(first, afterRestart);
    }

    [Fact]
    public void A_key_file_readable_by_group_or_others_stops_the_start_with_a_clear_message()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var dir = new TempFolder();
        var keyFile = Path.Combine(dir.Path, "pseudonym.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(new byte[32]));
        File.SetUnixFileMode(keyFile, OwnerOnlyFile.Mode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = Assert.Throws<PseudonymKeyException>(() => LeptonHost.Build(HostArgs(Path.Combine(dir.Path, "data"), "--Lepton:Privacy:KeyFile", keyFile)));
        Assert.Contains($"chmod 600 {keyFile}", e.Message);
    }

    [Fact]
    public async Task Lepton_run_refuses_a_world_readable_key_file_with_one_line_and_exit_code_3()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var dir = new TempFolder();
        var keyFile = Path.Combine(dir.Path, "pseudonym.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(new byte[32]));
        File.SetUnixFileMode(keyFile, OwnerOnlyFile.Mode | UnixFileMode.OtherRead);

        // Guarded: code that ignored the key file would start the host and never return.
        var (code, _, err) = await LeptonCommandLineTests.RunAsync(["run", .. HostArgs(Path.Combine(dir.Path, "data"),
            "--urls", $"http://127.0.0.1:{LeptonTestHost.FreePort()}",
            "--Lepton:Orleans:SiloPort", LeptonTestHost.FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", LeptonTestHost.FreePort().ToString(),
            "--Lepton:Privacy:KeyFile", keyFile)]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(3, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("accessible to group or others", err);
    }

    [Fact]
    public void The_environment_key_derives_the_tenant_keys_and_cannot_be_combined_with_a_key_file()
    {
        var master = new byte[32];
        master[0] = 7;
        var fromEnvironment = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PseudonymMasterKey.EnvironmentVariable] = Convert.ToBase64String(master) })
            .Build();

        var loaded = PseudonymMasterKey.Load(fromEnvironment);
        Assert.Equal(master, loaded);
        using var expected = PseudonymizerRegistry.FromMasterKey(master);
        using var actual = PseudonymizerRegistry.FromMasterKey(loaded!);
        Assert.Equal(expected.For("acme").Token(AccountNumber), actual.For("acme").Token(AccountNumber));
        Assert.NotEqual(actual.For("acme").Token(AccountNumber), actual.For("other").Token(AccountNumber));

        var both = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PseudonymMasterKey.EnvironmentVariable] = Convert.ToBase64String(master),
                [PseudonymMasterKey.KeyFileSetting] = "/tmp/unused.key",
            })
            .Build();
        Assert.Throws<PseudonymKeyException>(() => PseudonymMasterKey.Load(both));

        var tooShort = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PseudonymMasterKey.EnvironmentVariable] = Convert.ToBase64String(new byte[4]) })
            .Build();
        Assert.Throws<PseudonymKeyException>(() => PseudonymMasterKey.Load(tooShort));
    }
}
