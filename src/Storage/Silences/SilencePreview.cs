using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// POST /v1/silences/preview: the open and acknowledged alerts a silence would suppress if it were saved now, newest
/// first (at most the asked number), and how many there are in all.
/// </summary>
public sealed record SilencePreview(IReadOnlyList<Alert> Items, int Total);
