namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// When a partition's partial batch (fewer messages than the batch size) is handed to ingest. It goes once its linger
/// elapsed or nothing more arrived, but not while the broker already holds more of the partition: under a backlog the
/// next fetches fill it, and full batches cost ingest and the grains less per record than the fetch-sized pieces a
/// backlog arrives in (about 1,000 messages per partition per fetch on the mock cluster). A backlog delays it by at
/// most <see cref="MaxFillLingers"/> lingers.
/// </summary>
internal static class PartialBatchRule
{
    public const int MaxFillLingers = 10;

    public enum Verdict { Wait, Go, GoIfCaughtUp }

    /// <param name="waitedMs">Since the oldest pending message arrived (or the previous batch of the partition left).</param>
    /// <param name="idle">The last poll returned nothing.</param>
    public static Verdict Decide(double waitedMs, int lingerMs, bool idle)
    {
        if (!idle && waitedMs < lingerMs)
            return Verdict.Wait;
        return waitedMs >= (double)lingerMs * MaxFillLingers ? Verdict.Go : Verdict.GoIfCaughtUp;
    }

    /// <summary>True when nothing beyond <paramref name="nextOffset"/> is known on the broker.</summary>
    /// <param name="highWatermark">The partition's cached high watermark; null when unknown (then: caught up).</param>
    public static bool CaughtUp(long? highWatermark, long nextOffset) => highWatermark is not { } high || high <= nextOffset;
}
