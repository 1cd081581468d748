using System.Text;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// The real ingest path (IngestService → SQLite journal → RecordDispatcher) over a temp folder, with monitor grains,
/// the parked store and the dead-letter store played by the test. Tenant <c>acme</c> enables US (and whatever else
/// the test asks for); the router reads tenants through its own <see cref="RouterTenants"/> so a test can fail it alone.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private static readonly RulePackSet Packs = RulePackSet.LoadDefault();
    private readonly string _folder;
    private readonly LeptonDatabase _db;
    private readonly SqliteRecordJournal _sqliteJournal;

    private PipelineHarness(IngestOptions options, string[] jurisdictions)
    {
        Options = options;
        _folder = Path.Combine(Path.GetTempPath(), "lepton-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _db = LeptonDatabase.Open(_folder);
        _sqliteJournal = new SqliteRecordJournal(_db);
        Journal = new FlakyJournal(_sqliteJournal);
        var acme = TestTenantStore.Tenant("acme", jurisdictions);
        IngestTenants = new TestTenantStore(acme);
        RouterTenants = new TestTenantStore(acme);
        var catalog = new JurisdictionCatalog(Packs);
        Router = new RecordRouter(new TenantDirectory(RouterTenants), catalog, NullLogger<RecordRouter>.Instance);
        Dispatcher = new RecordDispatcher(options, Router, Monitors, Journal, Parked, Health, NullLogger<RecordDispatcher>.Instance);
        Ingest = new IngestService(options, new TenantDirectory(IngestTenants), new PseudonymizerRegistry(_ => new byte[32]), Journal, DeadLetters,
            Dispatcher, TimeProvider.System, NullLogger<IngestService>.Instance);
    }

    public IngestOptions Options { get; }
    public FlakyJournal Journal { get; }
    public TestTenantStore IngestTenants { get; }
    public TestTenantStore RouterTenants { get; }
    public RecordRouter Router { get; }
    public FakeMonitors Monitors { get; } = new();
    public RecordingParkedStore Parked { get; } = new();
    public RecordingDeadLetters DeadLetters { get; } = new();
    public ServiceHealth Health { get; } = new();
    public RecordDispatcher Dispatcher { get; }
    public IngestService Ingest { get; }

    /// <summary>The grain key of acme's US monitor (every sample record goes there).</summary>
    public static string UsMonitor => Contracts.MonitorKey.For("acme", "US");

    public static async Task<PipelineHarness> StartAsync(Action<IngestOptions>? configure = null, params string[] jurisdictions)
    {
        // Short retries: the tests observe retry events, they never time them.
        var options = new IngestOptions
        {
            DispatchConcurrency = 1,
            DispatchRetryDelay = TimeSpan.FromMilliseconds(5),
            DispatchRetryMaxDelay = TimeSpan.FromMilliseconds(50),
            DispatchRetryBudget = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        var harness = new PipelineHarness(options, jurisdictions.Length > 0 ? jurisdictions : ["US"]);
        await harness.Dispatcher.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Valid sample records (routed to acme/US) with the given ids, as an NDJSON body.</summary>
    public static ReadOnlyMemory<byte> Body(params string[] ids) =>
        Encoding.UTF8.GetBytes(string.Join("\n", ids.Select(id => SampleRecord.Json(id: id))));

    public static string[] Ids(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}")];

    public Task<IngestResult> SubmitAsync(params string[] ids) => Ingest.SubmitAsync(Body(ids), IngestSource.Http, "acme");

    public Task WaitForIdleAsync() => Dispatcher.WaitForIdleAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.StopAsync(CancellationToken.None);
        Dispatcher.Dispose();
        await _sqliteJournal.DisposeAsync();
        _db.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
