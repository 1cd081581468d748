namespace Lepton.Monitor.Storage;

/// <summary>
/// A silence (PRODUCT.md §6, Alertmanager's shape): while active, new alerts of <see cref="Tenant"/> that every matcher
/// matches are stored suppressed (never dropped) and not notified. <see cref="State"/> is computed from the clock when
/// the silence is read.
/// </summary>
public sealed record Silence(
    string Id,
    string Tenant,
    SilenceMatcher[] Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public SilenceState State { get; init; }

    /// <summary>Pending before <see cref="StartsAt"/>, active in [StartsAt, EndsAt), expired from <see cref="EndsAt"/> on.</summary>
    public static SilenceState StateAt(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now) =>
        now < startsAt ? SilenceState.Pending : now < endsAt ? SilenceState.Active : SilenceState.Expired;

    /// <summary>This silence with <see cref="State"/> as of <paramref name="now"/>.</summary>
    public Silence At(DateTimeOffset now) => this with { State = StateAt(StartsAt, EndsAt, now) };
}
