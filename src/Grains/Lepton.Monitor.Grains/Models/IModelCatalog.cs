namespace Lepton.Monitor.Grains.Models;

/// <summary>The model versions this silo can serve (shipped and uploaded), as the registry needs them.</summary>
public interface IModelCatalog
{
    /// <summary>The model every (tenant, jurisdiction) starts with in production.</summary>
    string DefaultModelId { get; }

    bool Contains(string modelId);
}
