namespace Lepton.Monitor.Scoring;

/// <summary>
/// One way to serve a model, tried in order by <see cref="ExecutionProviderSelector"/>: <paramref name="Create"/> returns
/// the backend, or throws <see cref="ProviderUnavailableException"/> with the reason it cannot run here.
/// </summary>
/// <param name="Device">What the backend reports as its device: <c>cuda</c>, <c>cublas</c> or <c>cpu</c>.</param>
public sealed record ProviderAttempt(string Device, Func<IInferenceBackend> Create);
