namespace Lepton.Monitor.Grains.Models;

/// <summary>The model versions this silo can serve (shipped and uploaded), as the registry needs them.</summary>
public interface IModelCatalog
{
    /// <summary>The model every (tenant, jurisdiction) starts with in production.</summary>
    string DefaultModelId { get; }

    /// <summary>True when <paramref name="tenant"/> may deploy the model: it is global (shipped or uploaded unscoped) or the tenant's own upload.</summary>
    bool IsAvailableTo(string modelId, string tenant);

    /// <summary>Loads the model's scoring service now; null when it serves, else a reason fit for the caller (no paths, no runtime text).</summary>
    string? LoadProblem(string modelId);
}
