using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>A <see cref="Silence"/> with its matchers compiled: what the in-memory book and the preview test alerts with.</summary>
public sealed class CompiledSilence
{
    public CompiledSilence(Silence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        Silence = silence;
        Matchers = silence.Matchers.Select(CompiledMatcher.Compile).ToArray();
    }

    public Silence Silence { get; }

    public IReadOnlyList<CompiledMatcher> Matchers { get; }

    public string Id => Silence.Id;

    /// <summary>startsAt ≤ now &lt; endsAt.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Silence.StartsAt <= now && now < Silence.EndsAt;

    /// <summary>Whether the alert is the silence's tenant's and every matcher matches it (the time is not looked at).</summary>
    public bool Matches(Alert alert)
    {
        if (!string.Equals(alert.Tenant, Silence.Tenant, StringComparison.Ordinal))
            return false;
        foreach (var matcher in Matchers)
        {
            if (!matcher.Matches(alert))
                return false;
        }
        return true;
    }
}
