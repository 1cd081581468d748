using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What a tenant upsert accepts and how it is normalized, and how its JSON columns read back: one set of rules for
/// <see cref="SqliteTenantStore"/> and <see cref="PostgresTenantStore"/>.
/// </summary>
public static class TenantRules
{
    public const int MaxNameLength = 200;
    public const int MaxJurisdictionLength = 16;

    /// <summary>
    /// Validates <paramref name="tenant"/> (throws <see cref="ArgumentException"/>) and returns it normalized: name
    /// trimmed, jurisdictions upper-cased and de-duplicated in order, JSON null overrides as none, CreatedAt
    /// defaulted to <paramref name="now"/> and cut to the stored precision.
    /// </summary>
    public static TenantInfo Normalize(TenantInfo tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        TenantIds.Validate(tenant.Id, "id");
        if (string.IsNullOrWhiteSpace(tenant.Name) || tenant.Name.Length > MaxNameLength)
            throw new ArgumentException($"name: required, at most {MaxNameLength} characters", nameof(tenant));
        // A display name has no use for control characters, and PostgreSQL text cannot hold U+0000 at all.
        if (tenant.Name.Any(char.IsControl))
            throw new ArgumentException("name: must not contain control characters", nameof(tenant));
        var jurisdictions = new List<string>();
        foreach (var code in tenant.Jurisdictions ?? [])
        {
            if (string.IsNullOrWhiteSpace(code) || code.Trim().Length > MaxJurisdictionLength || !code.Trim().All(char.IsAsciiLetter))
                throw new ArgumentException($"jurisdictions: '{code}' is not a jurisdiction code", nameof(tenant));
            var upper = code.Trim().ToUpperInvariant();
            if (!jurisdictions.Contains(upper))
                jurisdictions.Add(upper);
        }
        if (tenant.Settings is { Shards: < Contracts.MonitorKey.MinShards or > Contracts.MonitorKey.MaxShards } bad)
            throw new ArgumentException($"settings.shards: must be between {Contracts.MonitorKey.MinShards} and {Contracts.MonitorKey.MaxShards}, was {bad.Shards}", nameof(tenant));
        // A default JsonElement (Undefined) or JSON null both mean "no overrides".
        JsonElement? overrides = tenant.Overrides is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } o ? o.Clone() : null;
        var createdAt = tenant.CreatedAt == default ? now : tenant.CreatedAt;
        return new TenantInfo(tenant.Id, tenant.Name.Trim(), [.. jurisdictions], overrides, StoredTime.FromTicks(StoredTime.ToTicks(createdAt)))
        {
            Settings = tenant.Settings,
        };
    }

    public static string JurisdictionsJson(TenantInfo tenant) => JsonSerializer.Serialize(tenant.Jurisdictions, StorageJson.Options);

    /// <summary>The settings column to write: null keeps what is stored.</summary>
    public static string? SettingsJson(TenantInfo tenant) =>
        tenant.Settings is { } settings ? JsonSerializer.Serialize(settings, StorageJson.Options) : null;

    /// <summary>A stored tenant always has settings: NULL in the row means every setting at its default.</summary>
    public static TenantSettings ReadSettings(string? json) =>
        json is null ? TenantSettings.Default : JsonSerializer.Deserialize<TenantSettings>(json, StorageJson.Options) ?? TenantSettings.Default;

    /// <summary>A tenant as its row holds it (the JSON columns as text).</summary>
    public static TenantInfo FromRow(string id, string name, string jurisdictionsJson, string? overridesJson, long createdAtTicks, string? settingsJson)
    {
        JsonElement? overrides = null;
        if (overridesJson is not null)
        {
            using var document = JsonDocument.Parse(overridesJson);
            overrides = document.RootElement.Clone();
        }
        return new TenantInfo(
            id,
            name,
            JsonSerializer.Deserialize<string[]>(jurisdictionsJson, StorageJson.Options) ?? [],
            overrides,
            StoredTime.FromTicks(createdAtTicks))
        {
            Settings = ReadSettings(settingsJson),
        };
    }

    /// <summary>
    /// The page from tenants read by id with a limit of <paramref name="pageSize"/> + 1 (the one beyond says whether
    /// another page exists); the cursor is the last id.
    /// </summary>
    public static Page<TenantInfo> PageOf(List<TenantInfo> rowsPlusOne, int pageSize)
    {
        string? next = null;
        if (rowsPlusOne.Count > pageSize)
        {
            rowsPlusOne.RemoveAt(rowsPlusOne.Count - 1);
            next = Paging.EncodeCursor(rowsPlusOne[^1].Id);
        }
        return new Page<TenantInfo>(rowsPlusOne, next);
    }
}
