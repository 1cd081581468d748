namespace Lepton.Monitor.Storage;

/// <summary>
/// A silence as asked for (the body of POST /v1/silences and of its preview), before <see cref="SilenceRules"/> checks
/// it: anything may be missing. <see cref="StartsAt"/> null or in the past means now; the API fills in
/// <see cref="Tenant"/> from a scoped key and <see cref="CreatedBy"/> from the caller when they are omitted.
/// </summary>
public sealed record SilenceDraft(
    string? Tenant,
    IReadOnlyList<SilenceMatcherDraft?>? Matchers,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? CreatedBy,
    string? Comment);
