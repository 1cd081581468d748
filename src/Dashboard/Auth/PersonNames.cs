using System.Security.Claims;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>
/// What the board shows for the people an answer records by id (a report's author, submitter and approver, its
/// history's actors): the API key's name, else the id (a deleted or unnamed key). An OIDC user (<c>oidc:&lt;subject&gt;</c>)
/// has no stored record, as the session lives only in its cookie: the signed-in caller's own subject shows their
/// display name, any other the subject. The ids stay in the answers beside the names: they are what the audit log records.
/// </summary>
public sealed class PersonNames
{
    private const string OidcPrefix = "oidc:";

    private readonly IReadOnlyDictionary<string, string> _names;

    private PersonNames(IReadOnlyDictionary<string, string> names) => _names = names;

    /// <summary>The name to show for <paramref name="id"/>; the id itself when none is known.</summary>
    public string Of(string id) => _names.GetValueOrDefault(id, id);

    /// <summary><see cref="Of(string)"/>, null for nobody (a report not yet submitted or approved).</summary>
    public string? OfOptional(string? id) => id is null ? null : Of(id);

    /// <summary>Names for every id of one answer: one key-store lookup, however many rows mention them.</summary>
    public static async Task<PersonNames> LookUpAsync(IApiKeyStore keys, ClaimsPrincipal caller, IEnumerable<string?> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(caller);
        var wanted = ids.OfType<string>().Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyIds = wanted.Where(id => !id.StartsWith(OidcPrefix, StringComparison.Ordinal)).ToArray();
        if (keyIds.Length > 0)
        {
            foreach (var key in await keys.FindByIdsAsync(keyIds, ct))
            {
                if (!string.IsNullOrWhiteSpace(key.Name))
                    names[key.Id] = key.Name;
            }
        }
        foreach (var id in wanted.Where(id => id.StartsWith(OidcPrefix, StringComparison.Ordinal)))
            names[id] = id == Caller.From(caller).KeyId && caller.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } own ? own : id[OidcPrefix.Length..];
        return new PersonNames(names);
    }
}
