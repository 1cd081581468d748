using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Models;

/// <summary>Persisted state of a <see cref="ModelRegistryGrain"/>; null until the first change (the default model serves).</summary>
[GenerateSerializer, Alias("lepton.model-registry-state.v1")]
public sealed class ModelRegistryState
{
    [Id(0)] public ModelDeployments? Deployments { get; set; }
}
