using System.Buffers;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// The embedded default's built-in stream: creates the demo tenant and feeds generated transactions (a small share
/// of them planted violations) through the same <see cref="IngestService"/> path as HTTP, so alerts appear at once.
/// </summary>
public sealed class DemoStream(DemoOptions options, ITenantStore tenants, IngestService ingest, IngestReadiness readiness,
    TimeProvider clock, ILogger<DemoStream> logger) : BackgroundService
{
    public static readonly string[] DemoJurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await tenants.GetAsync(options.Tenant) is null)
        {
            await tenants.UpsertAsync(new TenantInfo(options.Tenant, "Demo Bank", DemoJurisdictions, null, clock.GetUtcNow()));
            logger.LogInformation("Created demo tenant {Tenant} with jurisdictions {Jurisdictions}", options.Tenant, string.Join(",", DemoJurisdictions));
        }
        while (!readiness.IsReady)
            await Task.Delay(50, stoppingToken);

        var start = clock.GetUtcNow();
        var generator = TransactionGenerator.Generate(new GeneratorOptions
        {
            Tenant = options.Tenant,
            Count = int.MaxValue,
            Seed = start.ToUnixTimeMilliseconds(),
            IdPrefix = $"demo-{start.ToUnixTimeSeconds()}-",
            Start = start,
            MeanInterval = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.RecordsPerSecond)),
            ViolationRate = options.ViolationRate,
        }).GetEnumerator();

        var scenario = new DemoScenario(options);
        if (options.Drift)
            logger.LogInformation("Demo scenario: {Scenario}", scenario);
        long index = 0;
        var body = new ArrayBufferWriter<byte>(64 * 1024);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        logger.LogInformation("Demo stream started: {Rate} records/s into tenant {Tenant}", options.RecordsPerSecond, options.Tenant);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            body.ResetWrittenCount();
            for (var i = 0; i < options.RecordsPerSecond && generator.MoveNext(); i++)
            {
                var drifting = clock.GetUtcNow() - start >= options.DriftAfter;
                body.Write(scenario.Apply(generator.Current.Utf8Line, index++, drifting));
                body.Write("\n"u8);
            }
            try
            {
                await ingest.SubmitAsync(body.WrittenMemory, IngestSource.Demo, options.Tenant, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo stream submit failed; continuing");
            }
        }
    }
}
