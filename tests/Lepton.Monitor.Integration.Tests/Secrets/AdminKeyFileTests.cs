using System.Net;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Integration.Tests.Secrets;

/// <summary>The generated bootstrap admin key: an owner-only file in the data folder, printed only on a terminal.</summary>
public sealed class AdminKeyFileTests
{
    [Fact]
    public void A_generated_admin_key_goes_to_an_owner_only_file_and_is_not_printed_when_stdout_is_redirected()
    {
        using var dir = new TempFolder();
        var console = new StringWriter();

        var file = BootstrapAdminKey.PublishGenerated("lk_secret-one", dir.Path, console, stdoutIsTerminal: false);

        Assert.Equal(Path.Combine(dir.Path, BootstrapAdminKey.FileName), file);
        Assert.Equal("lk_secret-one", File.ReadAllText(file).Trim());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(file));
        Assert.DoesNotContain("lk_secret-one", console.ToString());
        Assert.Contains(file, console.ToString());

        // On a terminal the operator sees it; a loosened file is narrowed again when replaced.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, OwnerOnlyFile.Mode | UnixFileMode.OtherRead);
        var terminal = new StringWriter();
        BootstrapAdminKey.PublishGenerated("lk_secret-two", dir.Path, terminal, stdoutIsTerminal: true);
        Assert.Contains("lk_secret-two", terminal.ToString());
        Assert.Equal("lk_secret-two", File.ReadAllText(file).Trim());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Without_LEPTON_ADMIN_KEY_the_host_writes_a_working_admin_key_to_the_data_folder()
    {
        using var dir = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(dir.Path, "--LEPTON_ADMIN_KEY", "");

        var file = Path.Combine(dir.Path, BootstrapAdminKey.FileName);
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(file));
        using var admin = host.Client(File.ReadAllText(file).Trim());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/keys")).StatusCode);
    }
}
