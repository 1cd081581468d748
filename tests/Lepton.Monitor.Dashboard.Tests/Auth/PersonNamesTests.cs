using System.Security.Claims;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Tests.Auth;

/// <summary>
/// Names for the people an answer records by id: a key's name from one store lookup for all of them, the id for a key
/// unknown, deleted or unnamed, and an OIDC subject by the caller's own display name, else the subject.
/// </summary>
public sealed class PersonNamesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Keys_by_name_in_one_lookup_and_the_id_where_none_is_known()
    {
        var keys = new Keys(new ApiKeyInfo("key-a", "analyst", "acme", "ana", At), new ApiKeyInfo("key-b", "analyst", "acme", null, At));

        var names = await PersonNames.LookUpAsync(keys, Caller("key-a", "ana"), ["key-a", "key-b", "key-a", "key-gone", null, "oidc:s-1"], default);

        Assert.Equal(("ana", "key-b", "key-gone"), (names.Of("key-a"), names.Of("key-b"), names.Of("key-gone")));
        Assert.Null(names.OfOptional(null));
        Assert.Equal(["key-a", "key-b", "key-gone"], Assert.Single(keys.Lookups).Order());
    }

    [Fact]
    public async Task An_oidc_subject_shows_the_callers_own_name_and_anyone_elses_subject()
    {
        var keys = new Keys();

        var names = await PersonNames.LookUpAsync(keys, Caller("oidc:s-1", "Maria Lopez"), ["oidc:s-1", "oidc:s-2"], default);

        Assert.Equal(("Maria Lopez", "s-2"), (names.Of("oidc:s-1"), names.Of("oidc:s-2")));
        Assert.Empty(keys.Lookups);
    }

    private static ClaimsPrincipal Caller(string id, string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, "analyst")], "test"));

    /// <summary>A key store that answers id lookups and records each one.</summary>
    private sealed class Keys(params ApiKeyInfo[] keys) : IApiKeyStore
    {
        public List<string[]> Lookups { get; } = [];

        public Task<IReadOnlyList<ApiKeyInfo>> FindByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
        {
            Lookups.Add([.. ids]);
            return Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. keys.Where(k => ids.Contains(k.Id))]);
        }

        public Task<CreatedApiKey> CreateAsync(string role, string? tenant, string? name, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ApiKeyInfo?> FindBySecretAsync(string secret, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? tenant, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<bool> DeleteAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ApiKeyInfo> EnsureBootstrapAdminAsync(string secret, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
