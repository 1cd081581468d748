using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Board.Context;

/// <summary>
/// GET /v1/alerts/{id}/records: the alert's evidence records as stored (pseudonymized), with how many records the
/// alert counted (<see cref="Count"/>) against how many are kept (at most <see cref="MaxKept"/>, the first ones).
/// </summary>
public sealed record AlertRecords(IReadOnlyList<AlertEvidence> Items, int Count, int MaxKept);
