using Lepton.Monitor.Storage;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>Tenant settings (migration 9): stored, kept when an upsert does not name them, and read back after a restart.</summary>
public sealed class TenantSettingsStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Settings_survive_a_reopen_and_an_upsert_without_settings_keeps_them()
    {
        using (var db = LeptonDatabase.Open(_folder.Path))
        {
            var store = new SqliteTenantStore(db);
            var created = await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default));
            Assert.Equal(TenantSettings.Default, created.Settings);

            var strict = await store.UpsertAsync(new TenantInfo("acme", "Acme", ["US"], null, default) { Settings = new(FourEyesResolution: true) });
            Assert.True(strict.Settings!.FourEyesResolution);

            // The demo and the benchmarks upsert with jurisdictions only: that must not reset a tenant's four-eyes rule.
            var kept = await store.UpsertAsync(new TenantInfo("acme", "Acme Bank", ["US", "EU"], null, default));
            Assert.True(kept.Settings!.FourEyesResolution);
            Assert.True(store.Snapshot["acme"].Settings!.FourEyesResolution);
        }
        using (var db = LeptonDatabase.Open(_folder.Path))
        {
            var reopened = await new SqliteTenantStore(db).GetAsync("acme");
            Assert.True(reopened!.Settings!.FourEyesResolution);
            Assert.Equal("Acme Bank", reopened.Name);
        }
    }
}
