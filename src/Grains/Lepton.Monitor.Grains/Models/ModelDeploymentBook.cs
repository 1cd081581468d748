using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Models;

/// <summary>
/// The rules of model stages as pure functions over <see cref="ModelDeployments"/>, so the registry grain only
/// orchestrates (load, apply, persist, notify) and the rules are tested without a silo.
/// </summary>
public static class ModelDeploymentBook
{
    public const int MaxShadows = 4;
    public const int MaxHistory = 10;

    public static ModelDeployments Initial(string tenant, string jurisdiction, string defaultModelId, DateTimeOffset now) =>
        new(tenant, jurisdiction, 0, new ModelDeployment(defaultModelId, ModelStage.Production, 0, now, "system"), null, [], []);

    /// <summary>The deployments after <paramref name="change"/>.</summary>
    /// <exception cref="ArgumentException">The change is not allowed; the message says why.</exception>
    public static ModelDeployments Apply(ModelDeployments current, ModelStageChange change, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.ModelId);
        var id = change.ModelId;
        var isProduction = current.Production.ModelId == id;
        var shadows = current.Shadows.Where(s => s.ModelId != id).ToArray();
        var canary = current.Canary?.ModelId == id ? null : current.Canary;
        var entry = new ModelDeployment(id, change.Stage, 0, now, change.ChangedBy);

        switch (change.Stage)
        {
            case ModelStage.Production:
                if (isProduction)
                    throw new ArgumentException($"{id} is already the production model");
                var history = new[] { current.Production with { Stage = ModelStage.Retired } }.Concat(current.History).Take(MaxHistory).ToArray();
                return Next(current, entry, canary, shadows, history);

            case ModelStage.Canary:
                if (isProduction)
                    throw new ArgumentException($"{id} is the production model; a canary must be another version");
                if (!(change.CanaryShare > 0 && change.CanaryShare < 1))
                    throw new ArgumentException($"canaryShare: must be > 0 and < 1 (got {change.CanaryShare}); promote to production for all traffic");
                return Next(current, current.Production, entry with { CanaryShare = change.CanaryShare }, shadows, current.History);

            case ModelStage.Shadow:
                if (isProduction)
                    throw new ArgumentException($"{id} is the production model; promote another version before shadowing it");
                if (shadows.Length >= MaxShadows)
                    throw new ArgumentException($"at most {MaxShadows} shadow models per tenant and jurisdiction; retire one first");
                return Next(current, current.Production, canary, [.. shadows, entry], current.History);

            case ModelStage.Retired:
                if (isProduction)
                    throw new ArgumentException($"{id} is the production model; promote another version (or roll back) instead of retiring it");
                if (canary == current.Canary && shadows.Length == current.Shadows.Length)
                    throw new ArgumentException($"{id} is not deployed for {current.Tenant}/{current.Jurisdiction}");
                return Next(current, current.Production, canary, shadows, current.History);

            default:
                throw new ArgumentException($"stage: unknown stage {change.Stage}");
        }
    }

    /// <summary>The production model before the current one comes back; the current one is retired.</summary>
    /// <exception cref="InvalidOperationException">There is no earlier production model.</exception>
    public static ModelDeployments Rollback(ModelDeployments current, string changedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.History.Length == 0)
            throw new InvalidOperationException($"{current.Tenant}/{current.Jurisdiction} has no earlier production model to roll back to");
        var previous = current.History[0] with { Stage = ModelStage.Production, Since = now, ChangedBy = changedBy };
        var canary = current.Canary?.ModelId == previous.ModelId ? null : current.Canary;
        var shadows = current.Shadows.Where(s => s.ModelId != previous.ModelId).ToArray();
        return Next(current, previous, canary, shadows, current.History[1..]);
    }

    /// <summary>Every model id the deployments serve (production, canary, shadows).</summary>
    public static IEnumerable<string> ServedModelIds(ModelDeployments d)
    {
        yield return d.Production.ModelId;
        if (d.Canary is { } c)
            yield return c.ModelId;
        foreach (var s in d.Shadows)
            yield return s.ModelId;
    }

    private static ModelDeployments Next(ModelDeployments current, ModelDeployment production, ModelDeployment? canary, ModelDeployment[] shadows, ModelDeployment[] history) =>
        current with { Revision = current.Revision + 1, Production = production, Canary = canary, Shadows = shadows, History = history };
}
