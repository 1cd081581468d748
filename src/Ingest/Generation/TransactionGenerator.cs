using System.Buffers;
using System.Text.Json;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Deterministic synthetic transactions for demos, load tests and accuracy checks: the same options give the same
/// bytes. A pool of customers repeats; violations are planted at a known rate and recorded as ground truth
/// (<see cref="PlantedKinds"/>); optionally some records are invalid, each with the exact reason ingest must give.
/// Clean records never cross a cash threshold (cash stays below 5,000) and never touch a sanctioned or
/// high-risk country, and always carry full originator and beneficiary information.
/// </summary>
public static class TransactionGenerator
{
    /// <summary>Lazily generated records; use a huge <see cref="GeneratorOptions.Count"/> for an endless stream.</summary>
    public static IEnumerable<GeneratedRecord> Generate(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check(); // now, not at the first MoveNext
        return Iterate(options);

        static IEnumerable<GeneratedRecord> Iterate(GeneratorOptions options)
        {
            var run = new GeneratorRun(options);
            var buffer = new ArrayBufferWriter<byte>(1024);
            for (var i = 0; i < options.Count; i++)
            {
                buffer.ResetWrittenCount();
                var truth = run.WriteNext(buffer);
                yield return new GeneratedRecord(i, truth.Id, buffer.WrittenSpan.ToArray(), truth.Planted, truth.ExpectedRejection);
            }
        }
    }

    /// <summary>The whole run as one NDJSON body (newline after every record), for benchmarks and bulk posts.</summary>
    public static byte[] GenerateNdjson(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var run = new GeneratorRun(options);
        // ~430 bytes a record; the initial size is capped so a huge Count does not reserve gigabytes up front.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(options.Count * 440L, 1024L, 64L << 20));
        for (var i = 0; i < options.Count; i++)
        {
            run.WriteNext(buffer);
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the NDJSON records and, line for line, their truth:
    /// <c>{"index":0,"id":"tx-000001","planted":["threshold"],"invalid":null}</c>.
    /// </summary>
    /// <param name="progress">told the number of records written every 1,024 records and at the end (the CLI's progress)</param>
    public static void WriteFiles(string ndjsonPath, string truthPath, GeneratorOptions options, IProgress<long>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ndjsonPath);
        ArgumentException.ThrowIfNullOrEmpty(truthPath);
        ArgumentNullException.ThrowIfNull(options);
        var run = new GeneratorRun(options);
        var line = new ArrayBufferWriter<byte>(1024);
        using var records = new FileStream(ndjsonPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var truths = new FileStream(truthPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var truthWriter = new Utf8JsonWriter(truths);
        for (var i = 0; i < options.Count; i++)
        {
            line.ResetWrittenCount();
            var truth = run.WriteNext(line);
            line.Write("\n"u8);
            records.Write(line.WrittenSpan);

            truthWriter.Reset(truths);
            WriteTruth(truthWriter, i, truth);
            truthWriter.Flush();
            truths.WriteByte((byte)'\n');
            if ((i & 1023) == 1023)
                progress?.Report(i + 1);
        }
        progress?.Report(options.Count);
    }

    private static void WriteTruth(Utf8JsonWriter w, int index, GeneratedTruth truth)
    {
        w.WriteStartObject();
        w.WriteNumber("index"u8, index);
        w.WriteString("id"u8, truth.Id);
        w.WriteStartArray("planted"u8);
        foreach (var kind in truth.Planted)
            w.WriteStringValue(kind);
        w.WriteEndArray();
        w.WriteString("invalid"u8, truth.ExpectedRejection);
        w.WriteEndObject();
    }
}
