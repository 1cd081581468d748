namespace Lepton.Monitor.Storage;

/// <summary>
/// The live board's rows from the alerts table: read-only, newest first by id (creation order), paged by id. The first
/// page also carries the match count and the change-feed seq the rows are consistent with (<see cref="BoardAlertPage"/>).
/// </summary>
public interface IBoardAlertReader
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a page size outside 1..<see cref="BoardAlertQuery.MaxPageSize"/> and <see cref="ArgumentException"/> on a bad cursor.</summary>
    Task<BoardAlertPage> ReadAsync(BoardAlertQuery query, CancellationToken ct = default);
}
