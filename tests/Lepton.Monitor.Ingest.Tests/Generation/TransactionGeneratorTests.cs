using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests;

public class TransactionGeneratorTests
{
    private static readonly HashSet<string> AllowedCurrencies = ["USD", "EUR", "GBP", "SGD", "CHF", "JPY", "CAD", "AUD"];

    private static GeneratorOptions Options(int count = 5_000, long seed = 7, double violationRate = 0.02, double invalidRate = 0) => new()
    {
        Seed = seed,
        Tenant = "acme",
        Count = count,
        Customers = 500,
        ViolationRate = violationRate,
        InvalidRate = invalidRate,
    };

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var first = TransactionGenerator.GenerateNdjson(Options());
        var second = TransactionGenerator.GenerateNdjson(Options());
        var other = TransactionGenerator.GenerateNdjson(Options(seed: 8));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void All_entry_points_produce_the_same_stream()
    {
        var options = Options(count: 2_000, invalidRate: 0.05);
        var bulk = TransactionGenerator.GenerateNdjson(options);
        var records = TransactionGenerator.Generate(options).ToList();

        var joined = records.SelectMany(r => r.Utf8Line.Append((byte)'\n')).ToArray();
        Assert.Equal(bulk, joined);

        var directory = Directory.CreateTempSubdirectory("lepton-gen-");
        try
        {
            var ndjson = Path.Combine(directory.FullName, "records.ndjson");
            var truth = Path.Combine(directory.FullName, "truth.ndjson");
            TransactionGenerator.WriteFiles(ndjson, truth, options);

            Assert.Equal(bulk, File.ReadAllBytes(ndjson));
            var truthLines = File.ReadAllLines(truth);
            Assert.Equal(records.Count, truthLines.Length);
            for (var i = 0; i < records.Count; i++)
            {
                var node = JsonNode.Parse(truthLines[i])!;
                Assert.Equal(i, (int)node["index"]!);
                Assert.Equal(records[i].Id, (string?)node["id"]);
                Assert.Equal(records[i].PlantedKinds, node["planted"]!.AsArray().Select(k => (string)k!));
                Assert.Equal(records[i].ExpectedRejection, (string?)node["invalid"]);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Ids_are_unique_and_timestamps_advance_from_the_start()
    {
        var options = Options() with { FirstSequence = 41, Start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) };
        var parsed = RecordParser.Parse(TransactionGenerator.GenerateNdjson(options), 10_000, 4_096);

        Assert.Equal("tx-000041", parsed.Records[0].Id);
        Assert.Equal(parsed.Records.Count, parsed.Records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(options.Start, parsed.Records[0].Timestamp);
        for (var i = 1; i < parsed.Records.Count; i++)
            Assert.True(parsed.Records[i].Timestamp >= parsed.Records[i - 1].Timestamp);
        Assert.True(parsed.Records[^1].Timestamp > options.Start.AddMinutes(30));
    }

    [Fact]
    public void Valid_records_pass_the_parser_and_validator_and_invalid_ones_fail_exactly_as_expected()
    {
        var generated = TransactionGenerator.Generate(Options(invalidRate: 0.1)).ToList();
        var body = Encoding.UTF8.GetBytes(string.Join('\n', generated.Select(g => g.Line)));

        var parsed = RecordParser.Parse(body, 10_000, 4_096);

        var reasons = new Dictionary<int, string>();
        foreach (var rejection in parsed.Rejections)
            reasons[rejection.Index] = rejection.Reason;
        foreach (var record in parsed.Records)
        {
            if (RecordValidator.Default.Validate(record) is { } reason)
                reasons[record.Index] = reason;
        }
        Assert.All(generated, g => Assert.Equal(g.ExpectedRejection, reasons.GetValueOrDefault(g.Index)));
        Assert.InRange(reasons.Count, 350, 650);
        // Every kind of breakage occurs.
        Assert.Contains(reasons.Values, r => r.StartsWith("json: invalid at byte", StringComparison.Ordinal));
        Assert.Contains("id: required", reasons.Values);
        Assert.Contains("amount: must be > 0", reasons.Values);
        Assert.Contains("amount: must be a number", reasons.Values);
        Assert.Contains(reasons.Values, r => r.StartsWith("currency: unknown ISO 4217 code", StringComparison.Ordinal));
        Assert.Contains("beneficiary.country: unknown ISO 3166-1 alpha-2 code 'ZZ'", reasons.Values);
    }

    [Fact]
    public void Planted_truth_matches_the_content_and_clean_records_trip_nothing()
    {
        var options = Options(count: 20_000);
        var generated = TransactionGenerator.Generate(options).ToList();
        var counts = new Dictionary<string, int>();
        var patterns = new HashSet<string>(StringComparer.Ordinal);

        foreach (var g in generated)
        {
            Assert.Null(g.ExpectedRejection);
            var record = SampleRecord.ParseOne(g.Line);
            Assert.Null(RecordValidator.Default.Validate(record));
            Assert.Contains(record.Currency!, AllowedCurrencies);
            var countries = new[] { record.Originator!.Country!, record.Beneficiary!.Country! };

            if (g.PlantedKinds.Count == 0)
            {
                Assert.DoesNotContain(countries, PlantedKinds.AvoidedCountries.Contains);
                if (record.Channel == "cash" && !record.Originator.CustomerId!.StartsWith("s-", StringComparison.Ordinal))
                    Assert.True(record.Amount < PlantedKinds.CleanCashCeiling, $"{g.Id} cash {record.Amount}");
                // Travel-rule safe: both sides always fully identified; data stays where its subject is protected.
                Assert.All(new[] { record.Originator, record.Beneficiary }, p => Assert.False(string.IsNullOrEmpty(p.Account) || string.IsNullOrEmpty(p.Name)));
                Assert.Equal(record.DataSubjectRegion, record.ProcessingRegion);
                continue;
            }

            // A pattern's records all carry its kind: count the pattern (one fresh customer each) once.
            foreach (var kind in g.PlantedKinds)
            {
                if (kind is PlantedKinds.Structuring or PlantedKinds.Velocity && !patterns.Add(record.Originator.CustomerId!))
                    continue;
                counts[kind] = counts.GetValueOrDefault(kind) + 1;
            }
            var kinds = g.PlantedKinds;
            if (kinds.Contains(PlantedKinds.Threshold))
            {
                Assert.Equal("cash", record.Channel);
                Assert.Contains(record.Currency, new[] { "USD", "EUR", "GBP" });
                Assert.True(record.Amount >= PlantedKinds.ThresholdPlantFloor);
                Assert.DoesNotContain(countries, PlantedKinds.AvoidedCountries.Contains);
            }
            else if (kinds.Contains(PlantedKinds.SanctionedCountry))
            {
                Assert.Contains(countries, PlantedKinds.SanctionedCountries.Contains);
                Assert.Equal(countries.Any(PlantedKinds.SanctionedAndHighRisk.Contains), kinds.Contains(PlantedKinds.HighRiskCountry));
                Assert.NotEqual("cash", record.Channel);
                Assert.True(record.Amount < PlantedKinds.CleanCashCeiling);
            }
            else if (kinds.Contains(PlantedKinds.HighRiskCountry))
            {
                Assert.Contains(countries, PlantedKinds.HighRiskCountries.Contains);
                Assert.DoesNotContain(countries, PlantedKinds.SanctionedCountries.Contains);
            }
            else if (kinds.Contains(PlantedKinds.TravelRule))
            {
                Assert.NotEqual(countries[0], countries[1]);
                Assert.Contains(new[] { record.Originator, record.Beneficiary }, p => string.IsNullOrEmpty(p.Account) || string.IsNullOrEmpty(p.Name));
            }
            else if (kinds.Contains(PlantedKinds.CrossBorderDataTransfer))
            {
                Assert.Contains(record.DataSubjectRegion, new[] { "EU", "GB" });
                Assert.Contains(record.ProcessingRegion!, (IReadOnlySet<string>)PlantedKinds.NonAdequateRegions);
            }
            else if (kinds.Contains(PlantedKinds.PiiInText))
            {
                Assert.False(string.IsNullOrEmpty(record.Memo));
            }
            else
            {
                Assert.Contains(Assert.Single(kinds), new[] { PlantedKinds.Structuring, PlantedKinds.Velocity });
                Assert.StartsWith("s-", record.Originator.CustomerId, StringComparison.Ordinal);
            }
        }

        // 2% of 20,000 = 400 draws over eight kinds; sequences make some draws span several records.
        Assert.InRange(counts.Values.Sum(), 300, 600);
        foreach (var kind in PlantedKinds.All)
            Assert.True(counts.GetValueOrDefault(kind) > 20, $"only {counts.GetValueOrDefault(kind)} {kind} plants");
    }

    [Fact]
    public void Stream_looks_like_real_traffic()
    {
        var records = RecordParser.Parse(TransactionGenerator.GenerateNdjson(Options(count: 10_000)), 10_000, 4_096).Records;

        // Accounts repeat: a pool of 500 customers, not a fresh account per record.
        Assert.InRange(records.Select(r => r.Originator!.Account).Distinct().Count(), 300, 700);
        var channels = records.GroupBy(r => r.Channel!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ChannelNames.All.OrderBy(c => c), channels.Keys.OrderBy(c => c));
        var countries = records.Select(r => r.Originator!.Country!).ToList();
        Assert.True(countries.Count(c => c == "US") > 2_500);
        Assert.True(countries.Count(IsoCodes.IsEuMember) > 2_000);
        Assert.Contains("GB", countries);
        Assert.Contains("SG", countries);
        Assert.All(records, r =>
        {
            Assert.True(r.Attributes!.ContainsKey("ageBand") && r.Attributes.ContainsKey("region"));
            Assert.True(r.Features!["accountAgeDays"] >= 1);
        });
        // Card payments are small, wires large: medians differ by channel.
        Assert.True(Median(records, "card") * 10 < Median(records, "wire"));
    }

    [Fact]
    public void Generate_is_lazy_for_endless_streams()
    {
        var first = TransactionGenerator.Generate(Options(count: int.MaxValue)).Take(3).Select(r => r.Id!).ToArray();

        Assert.Equal(["tx-000001", "tx-000002", "tx-000003"], first);
    }

    [Fact]
    public void Bad_options_are_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => TransactionGenerator.Generate(Options() with { Tenant = "Not Valid" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransactionGenerator.GenerateNdjson(Options(violationRate: 0.7, invalidRate: 0.5)));
    }

    private static decimal Median(IEnumerable<RawRecord> records, string channel)
    {
        var amounts = records.Where(r => r.Channel == channel && r.Currency != "JPY").Select(r => r.Amount!.Value).Order().ToList();
        return amounts[amounts.Count / 2];
    }
}
