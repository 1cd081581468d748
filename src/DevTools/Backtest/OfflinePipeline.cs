using Lepton.Monitor.Contracts;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// The ingest path without a cluster or a journal: parse → validate → pseudonymize (fixed key, so tokens are stable
/// from run to run) → jurisdictions. Records and rejections come out in input order, batch by batch.
/// </summary>
public sealed class OfflinePipeline : IDisposable
{
    /// <summary>The key of offline runs: fixed, because a backtest must not depend on a tenant's secret.</summary>
    private static readonly byte[] FixedKey = "lepton-backtest-fixed-key-v1-32b"u8.ToArray();

    private readonly Pseudonymizer _pseudonymizer = new(FixedKey);
    private readonly IReadOnlyCollection<string> _enabled;
    private readonly IReadOnlySet<string> _packJurisdictions;
    private readonly DateTimeOffset _acceptedAt = DateTimeOffset.UtcNow;

    public OfflinePipeline(RulePackSet packs, IReadOnlyCollection<string>? enabledJurisdictions = null)
    {
        ArgumentNullException.ThrowIfNull(packs);
        _packJurisdictions = packs.Jurisdictions;
        _enabled = enabledJurisdictions ?? packs.Jurisdictions;
    }

    /// <summary>Splits NDJSON into batches of at most <paramref name="batchSize"/> lines (line order kept).</summary>
    public static IEnumerable<(int FirstLine, ReadOnlyMemory<byte> Body)> Batches(ReadOnlyMemory<byte> ndjson, int batchSize)
    {
        var start = 0;
        var firstLine = 0;
        while (start < ndjson.Length)
        {
            var end = start;
            var lines = 0;
            while (end < ndjson.Length && lines < batchSize)
            {
                var next = ndjson.Span[end..].IndexOf((byte)'\n');
                end = next < 0 ? ndjson.Length : end + next + 1;
                lines++;
            }
            yield return (firstLine, ndjson[start..end]);
            firstLine += lines;
            start = end;
        }
    }

    /// <summary>One batch through the ingest steps: accepted records with their jurisdictions, and rejections with reasons.</summary>
    public OfflineBatch Process(ReadOnlySpan<byte> body, int firstLine)
    {
        var parsed = RecordParser.Parse(body, int.MaxValue, 65_536);
        var batch = new OfflineBatch();
        foreach (var r in parsed.Rejections)
            batch.Rejected.Add((firstLine + r.Index, r.Id, r.Reason));
        foreach (var raw in parsed.Records)
        {
            // Judged as ingest would have judged it when the run started (the records' acceptance time).
            if (RecordValidator.Default.Validate(raw, _acceptedAt) is { } reason)
            {
                batch.Rejected.Add((firstLine + raw.Index, raw.Id, reason));
                continue;
            }
            var record = _pseudonymizer.ToMonitored(raw, _acceptedAt);
            batch.Records.Add(record);
            batch.Jurisdictions.Add(JurisdictionResolver.Resolve(record, _enabled, _packJurisdictions));
        }
        return batch;
    }

    public void Dispose() => _pseudonymizer.Dispose();
}
