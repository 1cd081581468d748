namespace Lepton.Monitor.Scoring;

/// <summary>A provider that was tried and not used, with the reason (the loader's or the parity probe's message).</summary>
public sealed record ProviderRejection(string Device, string Reason);
