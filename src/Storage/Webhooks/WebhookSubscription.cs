namespace Lepton.Monitor.Storage;

/// <summary>A webhook subscription as the API lists it: never its secret.</summary>
public sealed record WebhookSubscription(
    string Id,
    string Tenant,
    string Url,
    WebhookFilter Filter,
    IReadOnlyList<string> Types,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string? CreatedBy)
{
    /// <summary>Why it was disabled (410 Gone, failing for days); null while enabled.</summary>
    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Until when the secret before the last rotation is still signed with.</summary>
    public DateTimeOffset? PreviousSecretValidUntil { get; init; }

    /// <summary>Since when every attempt to this endpoint failed (null after a success).</summary>
    public DateTimeOffset? FailingSince { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Grouped deliveries (opt-in); null: one delivery per alert change.</summary>
    public WebhookGrouping? Group { get; init; }
}
