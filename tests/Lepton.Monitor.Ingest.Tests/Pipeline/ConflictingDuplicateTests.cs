using System.Text;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 12, item 4: idempotency is for identical retries; a different record under a used id is rejected, not dropped.</summary>
public sealed class ConflictingDuplicateTests
{
    [Fact]
    public async Task A_different_record_sent_under_a_used_id_is_rejected_and_dead_lettered()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        var benign = SampleRecord.Json(r => { r["amount"] = 12.50m; r["channel"] = "card"; }, id: "tx-1");
        var deposit = SampleRecord.Json(r => { r["amount"] = 30_000m; r["channel"] = "cash"; }, id: "tx-1");
        await pipeline.Ingest.SubmitAsync(Encoding.UTF8.GetBytes(benign), IngestSource.Http, "acme");

        var result = await pipeline.Ingest.SubmitAsync(Encoding.UTF8.GetBytes(deposit + "\n" + SampleRecord.Json(id: "tx-2")), IngestSource.Http, "acme");
        await pipeline.WaitForIdleAsync();

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal((0, "tx-1", "id: already used for a different record"), (rejected.Index, rejected.Id, rejected.Reason));
        Assert.Equal(1, result.Accepted);
        Assert.Equal(0, result.Duplicates);
        var letter = Assert.Single(pipeline.DeadLetters.Letters);
        Assert.Equal(("tx-1", "acme", "id: already used for a different record"), (letter.RecordId, letter.Tenant, letter.Reason));
        Assert.Contains("30000", letter.RedactedPayload, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleRecord.RawOriginatorName, letter.RedactedPayload, StringComparison.Ordinal);
        Assert.Equal(["tx-1", "tx-2"], pipeline.Monitors.AcknowledgedIds(PipelineHarness.UsMonitor).Order());
    }

    [Fact]
    public async Task A_conflict_after_invalid_records_names_and_redacts_its_own_record()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        await pipeline.Ingest.SubmitAsync(Encoding.UTF8.GetBytes(SampleRecord.Json(r => r["amount"] = 12.50m, id: "tx-1")), IngestSource.Http, "acme");
        // Accepted, invalid, accepted, invalid, then the conflict: accepted position 2 is body record 4.
        var body = string.Join('\n',
            SampleRecord.Json(id: "tx-2"),
            SampleRecord.Json(r => r["amount"] = "x", id: "tx-3"),
            SampleRecord.Json(id: "tx-4"),
            SampleRecord.Json(r => r.Remove("currency"), id: "tx-5"),
            SampleRecord.Json(r => r["amount"] = 30_000m, id: "tx-1"));

        var result = await pipeline.Ingest.SubmitAsync(Encoding.UTF8.GetBytes(body), IngestSource.Http, "acme");
        await pipeline.WaitForIdleAsync();

        Assert.Equal(2, result.Accepted);
        Assert.Equal([(1, "tx-3"), (3, "tx-5"), (4, "tx-1")], result.Rejected.Select(r => (r.Index, r.Id)));
        Assert.Equal("id: already used for a different record", result.Rejected[2].Reason);
        var letter = Assert.Single(pipeline.DeadLetters.Letters, l => l.RecordId == "tx-1");
        Assert.Contains("30000", letter.RedactedPayload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identical_retry_stays_a_duplicate()
    {
        await using var pipeline = await PipelineHarness.StartAsync();
        await pipeline.SubmitAsync("tx-1", "tx-2");

        var retry = await pipeline.SubmitAsync("tx-1", "tx-2");

        Assert.Equal(2, retry.Duplicates);
        Assert.Empty(retry.Rejected);
        Assert.Empty(pipeline.DeadLetters.Letters);
    }
}
