using System.Collections.Frozen;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The <see cref="ISilenceMatcher"/> the alert store asks for every new alert, inside its write transaction: an
/// immutable in-memory snapshot of the silences not yet expired, per tenant, swapped whole after every change
/// (<see cref="Replace"/>), so <see cref="Match"/> does no I/O and takes no lock. The time check is made on every
/// call, so a silence stops matching exactly at its endsAt whenever the snapshot is next refreshed.
/// </summary>
public sealed class SilenceBook : ISilenceMatcher
{
    private volatile FrozenDictionary<string, CompiledSilence[]> _byTenant = FrozenDictionary<string, CompiledSilence[]>.Empty;

    /// <summary>How many silences the snapshot holds (pending and active).</summary>
    public int Count => _byTenant.Values.Sum(s => s.Length);

    /// <returns>The id of the oldest silence of the alert's tenant active at <paramref name="now"/> whose matchers all match, or null.</returns>
    public string? Match(Alert alert, DateTimeOffset now)
    {
        var id = Find(alert, now);
        if (id is not null)
            SilenceTelemetry.Matched.Add(1);
        return id;
    }

    /// <summary>As <see cref="Match"/>, without counting a new alert suppressed (the expiry pass asks about existing alerts).</summary>
    public string? Find(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!_byTenant.TryGetValue(alert.Tenant, out var silences))
            return null;
        foreach (var silence in silences)
        {
            if (silence.IsActiveAt(now) && silence.Matches(alert))
                return silence.Id;
        }
        return null;
    }

    /// <summary>Every silence active at <paramref name="now"/>, for the gauge and the expiry pass.</summary>
    /// <summary>The tenant's silences not yet expired (pending or active).</summary>
    public int CountFor(string tenant) => _byTenant.TryGetValue(tenant, out var silences) ? silences.Length : 0;

    public int CountActive(DateTimeOffset now) => _byTenant.Values.Sum(s => s.Count(x => x.IsActiveAt(now)));

    /// <summary>
    /// Replaces the snapshot with <paramref name="silences"/> (the live ones, oldest first). Matchers of silences the
    /// current snapshot already holds unchanged are reused, so a refresh compiles only what is new.
    /// </summary>
    public void Replace(IEnumerable<Silence> silences)
    {
        ArgumentNullException.ThrowIfNull(silences);
        var known = _byTenant.Values.SelectMany(s => s).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var compiled = new List<CompiledSilence>();
        foreach (var silence in silences)
        {
            compiled.Add(known.TryGetValue(silence.Id, out var existing)
                && existing.Silence.StartsAt == silence.StartsAt && existing.Silence.EndsAt == silence.EndsAt
                ? existing
                : new CompiledSilence(silence));
        }
        _byTenant = compiled
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .GroupBy(s => s.Silence.Tenant, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }
}
