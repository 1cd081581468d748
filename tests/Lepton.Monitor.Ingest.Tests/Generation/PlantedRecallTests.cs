using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// The generator's ground truth against the shipped packs, through the real ingest path (parse → validate →
/// pseudonymize with masking → jurisdictions) and the rule engines with entity windows: every planted violation is
/// alerted by its kind — every record of a planted pattern is in its alert's evidence — and no deterministic rule kind
/// alerts a record that was not planted with it.
/// </summary>
public sealed class PlantedRecallTests
{
    private static readonly byte[] Key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(3, 20_000, 1.0)]
    [InlineData(11, 20_000, 0.05)]
    public void Every_planted_kind_is_recalled_and_clean_records_raise_no_deterministic_alert(long seed, int count, double meanSeconds)
    {
        var generated = TransactionGenerator.Generate(new GeneratorOptions
        {
            Tenant = "acme", Count = count, Seed = seed, ViolationRate = 0.05, MeanInterval = TimeSpan.FromSeconds(meanSeconds),
        }).ToList();

        var alerted = Replay(generated);

        var plantedByKind = PlantedKinds.All.ToDictionary(k => k, k => generated.Where(g => g.PlantedKinds.Contains(k)).Select(g => g.Id!).ToHashSet());
        foreach (var (kind, planted) in plantedByKind)
        {
            Assert.True(planted.Count > 10, $"only {planted.Count} {kind} plants");
            var hits = alerted[kind].ToHashSet();
            var missed = planted.Where(id => !hits.Contains(id)).ToList();
            Assert.True(missed.Count == 0, $"{kind}: recall {1 - (double)missed.Count / planted.Count:0.000}, missed {string.Join(", ", missed.Take(5))}");
            var falseAlerts = hits.Where(id => !planted.Contains(id)).ToList();
            Assert.True(falseAlerts.Count == 0, $"{kind}: {falseAlerts.Count} alerts on records not planted with it, e.g. {string.Join(", ", falseAlerts.Take(5))}");
        }
    }

    /// <summary>Record ids alerted per rule kind, over every shipped pack enabled.</summary>
    private static ILookup<string, string> Replay(List<GeneratedRecord> generated)
    {
        var body = generated.SelectMany(g => g.Utf8Line.Append((byte)'\n')).ToArray();
        var parsed = RecordParser.Parse(body, generated.Count, 65_536);
        Assert.Empty(parsed.Rejections);

        var packs = RulePackSet.LoadDefault();
        var rates = CurrencyRates.LoadDefault();
        var byJurisdiction = packs.Jurisdictions.ToDictionary(j => j, _ => new List<MonitoredRecord>(), StringComparer.OrdinalIgnoreCase);
        using var pseudonymizer = new Pseudonymizer(Key, "acme");
        foreach (var raw in parsed.Records)
        {
            Assert.Null(RecordValidator.Default.Validate(raw));
            var record = pseudonymizer.ToMonitored(raw, raw.Timestamp!.Value);
            foreach (var jurisdiction in JurisdictionResolver.Resolve(record, packs.Jurisdictions, packs.Jurisdictions))
                byJurisdiction[jurisdiction].Add(record);
        }

        var output = new List<AlertCandidate>();
        foreach (var (jurisdiction, records) in byJurisdiction)
        {
            var engine = new RuleEngine(packs.Get(jurisdiction), rates);
            var state = new EntityWindows();
            // In batches, as the grain sees them: windows carry over from batch to batch.
            foreach (var batch in records.Chunk(500))
                engine.Evaluate("acme", batch, [], output, state);
            Assert.Equal(0, state.Late + state.TooLate + state.EvictedEntities);
        }
        // An alert's records are its evidence: for a pattern, every record of it (the candidate's own among them).
        Assert.All(output.Where(c => c.EvidenceRecordIds is not null), c => Assert.Contains(c.RecordId, c.EvidenceRecordIds!));
        return output.SelectMany(c => (c.EvidenceRecordIds ?? [c.RecordId]).Select(id => (c.RuleKind, id))).ToLookup(x => x.RuleKind, x => x.id);
    }
}
