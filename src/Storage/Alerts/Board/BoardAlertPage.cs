namespace Lepton.Monitor.Storage;

/// <summary>
/// One page of board rows, newest first. The first page (no cursor) also says how many alerts match in all
/// (<see cref="Total"/>) and the change-feed seq the rows are consistent with (<see cref="Position"/>): both were read in
/// the same read transaction as the rows, so every change after <see cref="Position"/> is still to come on the stream.
/// </summary>
public sealed record BoardAlertPage(IReadOnlyList<BoardAlertRow> Items, string? NextCursor, long? Position, int? Total);
