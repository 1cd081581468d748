using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Rules;
using Lepton.Monitor.DevTools.Bench;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Integration.Tests.HotPath;

/// <summary>
/// Issue 18's safety net: the hot path may be rewritten for speed, never for output. A fixed generated file goes through
/// the product's own code with a fixed master key and clock, and the pseudonymized records, their journal encodings, the
/// rejections (with redacted payloads) and the alert candidates — offline and through the real host — must hash to the
/// digests recorded from the code before any optimisation (commit 28b52e0). golden.txt.gz holds that run's lines, so a
/// mismatch names the first record or alert that changed.
/// </summary>
public sealed class HotPathGoldenTests
{
    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];
    private static readonly byte[] MasterKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 3)).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 11, 12, 12, 0, 0, TimeSpan.Zero);

    private static readonly GeneratorOptions Input = new()
    {
        Tenant = "acme", Count = 3_000, Seed = 18, ViolationRate = 0.06, InvalidRate = 0.02,
        Start = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), MeanInterval = TimeSpan.FromSeconds(20), Customers = 400,
    };

    // Recorded from commit 28b52e0 (before issue 18's optimisations); see the class summary. Never re-record these to make
    // a change pass: a difference here is a change of behaviour.
    private const string RecordsDigest = "8e0080d10e463a0ffad113572b09235aefefce5ea53d2b82581a692f01ccfd1d";
    private const string JournalDigest = "f7e18c2e0230d0d73f5e3445a8e4ac111fc03b61b11bb181da7eb1e00349200a";
    private const string JournalBytesDigest = "f6793dff7e211ffcbba6f4324478cb6644766aef04775e59f31f1451f2e80ad4";
    private const string RejectionsDigest = "98797dfafb4ff7709272837f7ec3a718910c4af7c30dcb69b8c66f6b8ebeaa9b";
    private const string CandidatesDigest = "415fd82a1be652d743981177438ec7271a79acb33a6d7bf7fee2251a10569706";
    private const string HostAlertsDigest = "29b848b807e6e68f65b19f992604c789c8d8a5045358d9cd22aacf8136d6d436";
    private const string HostAnswerDigest = "6da56656499931b8cbaa5d9cb7d91471412c9033ecd4119f8a66f053cc7a7490";
    private const string HostDeadLettersDigest = "a5b3621c9a7b603d652b626131108f98806a8747553012113f9bd2a8ee041d12";

    private static readonly Lazy<GoldenSections?> Golden = new(() =>
    {
        // Read beside this source file (the tests run from the checkout); without it a mismatch reports digests only.
        var path = Path.Combine(Path.GetDirectoryName(SourceFile())!, "golden.txt.gz");
        return File.Exists(path) ? GoldenSections.ReadGzip(path) : null;
    });

    private static string SourceFile([CallerFilePath] string path = "") => path;

    [Fact]
    public void Parse_validate_pseudonymize_journal_encoding_and_rules_give_the_recorded_output()
    {
        var ndjson = TransactionGenerator.GenerateNdjson(Input);
        var sections = new GoldenSections();

        // Ingest as IngestService does it: one parse, one clock reading, the tenant's registry pseudonymizer taking over
        // the parse result; rejections with the reason masked and the payload redacted with the tenant's key.
        using var registry = PseudonymizerRegistry.FromMasterKey(MasterKey);
        var parsed = RecordParser.Parse(ndjson, new IngestOptions().MaxRecordsPerRequest, new IngestOptions().MaxRecordBytes);
        var validator = RecordValidator.Default.With(new IngestOptions().MaxFutureSkew);
        var rejections = new List<(int Index, string Line)>();
        foreach (var r in parsed.Rejections)
            rejections.Add((r.Index, Rejection(r.Index, r.Id, null, r.Reason, r.RedactedPayload)));
        var accepted = new List<MonitoredRecord>();
        foreach (var raw in parsed.Records)
        {
            var reason = validator.Validate(raw, Now) ?? (raw.Tenant is null ? "tenant: required" : raw.Tenant == Input.Tenant ? null : "tenant: unknown");
            if (reason is not null)
            {
                var redacted = raw.Tenant == Input.Tenant ? registry.For(raw.Tenant).RedactJson(ndjson.AsSpan(raw.Offset, raw.Length)) : null;
                rejections.Add((raw.Index, Rejection(raw.Index, RecordIdText.Echo(raw.Id), raw.Tenant, reason, redacted)));
                continue;
            }
            accepted.Add(registry.For(raw.Tenant!).ToMonitoredTakingOwnership(raw, Now));
        }
        sections["records"].AddRange(accepted.Select(r => CanonicalText.Record(r)));
        // The golden file keeps a short hash per record (the full lines would be 1.6 MB): enough to name the first change.
        sections["record-hashes"].AddRange(accepted.Zip(sections["records"], (r, line) => $"{r.Id} {GoldenSections.Digest([line])[..16]}"));
        sections["rejections"].AddRange(rejections.OrderBy(r => r.Index).Select(r => r.Line));

        // The journal's payloads: each record encoded back to back into one buffer, as the journal encoder does.
        var payloads = new ArrayBufferWriter<byte>();
        foreach (var record in accepted)
        {
            var offset = payloads.WrittenCount;
            RecordCodec.Encode(record, payloads);
            var encoded = payloads.WrittenSpan[offset..];
            sections["journal"].Add($"{record.Id} {encoded.Length} {GoldenSections.Digest(encoded)}");
            // What recovery reads back is what was encoded.
            Assert.Equal(CanonicalText.Record(record), CanonicalText.Record(RecordCodec.Decode(encoded)));
        }
        var journalBytesDigest = GoldenSections.Digest(payloads.WrittenSpan);

        // The rules: the essential loop (registry pseudonyms, ONNX scoring, routing, every pack with entity windows).
        var candidates = new List<AlertCandidate>();
        using (var essential = new EssentialWorkBenchmark(RulePackSet.LoadDefault(), CurrencyRates.LoadDefault(), Jurisdictions, scoreBatch: 700))
            essential.Run(PipelineBenchmark.SplitLines(ndjson, 500), MasterKey, candidates);
        sections["candidates"].AddRange(candidates.Select(CanonicalText.Candidate));

        Record(sections, "offline", leaveOut: "records");
        Assert.Equal(2_941, accepted.Count);
        Assert.True(rejections.Count > 20, $"{rejections.Count} rejected");
        Assert.Equal(Input.Count, accepted.Count + rejections.Count);
        Assert.Contains(rejections, r => r.Line.Contains("payload={", StringComparison.Ordinal));
        Assert.True(candidates.Count > 100, $"{candidates.Count} candidates");
        Assert.Superset(new HashSet<string> { "threshold", "structuring", "velocity", "model-score" }, candidates.Select(c => c.RuleKind).ToHashSet());

        var failures = new[]
        {
            sections.Mismatch("records", RecordsDigest, Golden.Value, detail: "record-hashes"),
            sections.Mismatch("journal", JournalDigest, Golden.Value),
            journalBytesDigest == JournalBytesDigest ? null : $"journal bytes: digest {journalBytesDigest}, expected {JournalBytesDigest}",
            sections.Mismatch("rejections", RejectionsDigest, Golden.Value),
            sections.Mismatch("candidates", CandidatesDigest, Golden.Value),
        }.OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task The_real_host_answers_and_alerts_as_recorded()
    {
        using var data = new TempFolder();
        var keyFile = Path.Combine(data.Path, "pseudonym.key");
        File.WriteAllText(keyFile, Convert.ToBase64String(MasterKey));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var host = await LeptonTestHost.StartAsync(Path.Combine(data.Path, "data"), "--Lepton:Privacy:KeyFile", keyFile);
        await host.Admin.CreateTenantAsync(Input.Tenant, Jurisdictions);

        var (status, answer) = await host.Admin.PostRecordsAsync(TransactionGenerator.GenerateNdjson(Input));
        Assert.Equal(HttpStatusCode.Accepted, status);
        await host.WaitForIdleAsync();
        var alerts = await host.Admin.GetAllAsync($"/v1/alerts?tenant={Input.Tenant}");
        var letters = await host.Admin.GetAllAsync("/v1/dead-letters");

        var sections = new GoldenSections();
        sections["host-answer"].Add(answer.ToJson());
        // Ids and update times come from the clock and the store; the order of the list follows them, so sort.
        sections["host-alerts"].AddRange(alerts.Select(a => Canonical(a, "id", "version", "updatedAt")).Order(StringComparer.Ordinal));
        sections["host-dead-letters"].AddRange(letters.Select(l => Canonical(l, "id", "at")).Order(StringComparer.Ordinal));
        Record(sections, "host");

        Assert.Equal(2_941, answer["accepted"]!.GetValue<int>());
        Assert.Equal(Input.Count - 2_941, letters.Count);
        Assert.True(alerts.Count > 100, $"{alerts.Count} alerts");
        Assert.Superset(new HashSet<string> { "threshold", "structuring", "velocity", "model-score", "pii-in-text" }, alerts.Select(a => a.Text("ruleKind")).ToHashSet());
        var failures = new[]
        {
            sections.Mismatch("host-answer", HostAnswerDigest, Golden.Value),
            sections.Mismatch("host-alerts", HostAlertsDigest, Golden.Value),
            sections.Mismatch("host-dead-letters", HostDeadLettersDigest, Golden.Value),
        }.OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static string Rejection(int index, string? id, string? tenant, string reason, string? redactedPayload) =>
        $"index={index} id={CanonicalText.Q(id)} tenant={CanonicalText.Q(tenant)} reason={CanonicalText.Q(PiiTextScanner.Mask(reason))} payload={redactedPayload ?? "null"}";

    /// <summary>With LEPTON_GOLDEN_OUT set (a folder), writes this run's lines there: how golden.txt.gz was recorded.</summary>
    private static void Record(GoldenSections sections, string name, params string[] leaveOut)
    {
        if (Environment.GetEnvironmentVariable("LEPTON_GOLDEN_OUT") is { Length: > 0 } folder)
            sections.WriteGzip(Path.Combine(folder, name + ".txt.gz"), leaveOut);
    }

    /// <summary>An alert as the API answers it, less what the wall clock or the store's sequence decide.</summary>
    private static string Canonical(JsonObject item, params string[] volatileFields)
    {
        var copy = item.DeepClone().AsObject();
        foreach (var name in volatileFields)
            copy.Remove(name);
        return copy.ToJson();
    }
}
