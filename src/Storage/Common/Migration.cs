namespace Lepton.Monitor.Storage;

/// <summary>One forward-only schema step; versions are never renumbered or edited once released.</summary>
internal sealed record Migration(int Version, string Description, string Sql);
