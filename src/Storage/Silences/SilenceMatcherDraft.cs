namespace Lepton.Monitor.Storage;

/// <summary>A matcher as asked for: <see cref="IsRegex"/> defaults to false and <see cref="IsEqual"/> to true (Alertmanager's defaults).</summary>
public sealed record SilenceMatcherDraft(string? Name, string? Value, bool? IsRegex = null, bool? IsEqual = null);
