namespace Lepton.Monitor.Silo.Load;

/// <summary>Records that failed with one kind of error; backpressure (429, 503, a busy hub) apart from real errors.</summary>
public sealed record LoadError(string Kind, long Records, bool Backpressure);
