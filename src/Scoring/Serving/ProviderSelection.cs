namespace Lepton.Monitor.Scoring;

/// <summary>The backend <see cref="ExecutionProviderSelector"/> chose and every provider it passed over on the way, in order.</summary>
public sealed record ProviderSelection(IInferenceBackend Backend, IReadOnlyList<ProviderRejection> Rejections);
