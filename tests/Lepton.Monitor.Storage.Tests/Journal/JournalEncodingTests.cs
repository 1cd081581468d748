using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// The journal's encoding and keys as they lie on disk: pinned to what the journal wrote before its hot path was
/// reworked (struct map enumeration, a reused SHA-256 context, keys bound from the payload's UTF-8), so existing
/// databases keep replaying and keep telling retries from conflicts.
/// </summary>
public sealed class JournalEncodingTests : IDisposable
{
    private const string NonAsciiId = "tx-ü-日本-1";

    // Recorded with the journal as of 28b52e0 (RecordCodec.Encode and SHA-256 over all but the trailing acceptedAt).
    private const string RecordedEncodingSha256 = "cdf3c03c2243189854119d1471cb8d84c912f921368b78ebca826ca56d35674b";
    private const long RecordedContentHash = 1299328733932074233;

    private readonly TempDataFolder _folder = new();

    [Fact]
    public void The_encoding_and_content_hash_are_the_recorded_ones()
    {
        var encoded = RecordCodec.Encode(TestRecords.Full(NonAsciiId));

        Assert.Equal(231, encoded.Length);
        Assert.Equal(RecordedEncodingSha256, Convert.ToHexStringLower(SHA256.HashData(encoded)));
        Assert.Equal(RecordedContentHash, JournalRecordEncoder.ContentHash(encoded));
    }

    [Fact]
    public void Maps_behind_another_IReadOnlyDictionary_encode_to_the_same_bytes()
    {
        var record = TestRecords.Full("tx-1");
        var wrapped = record with
        {
            Attributes = new ReadOnlyDictionary<string, string>((Dictionary<string, string>)record.Attributes!),
            Features = new ReadOnlyDictionary<string, double>((Dictionary<string, double>)record.Features!),
        };

        Assert.Equal(RecordCodec.Encode(record), RecordCodec.Encode(wrapped));
    }

    [Fact]
    public void The_reused_hash_context_starts_clean_for_every_record()
    {
        var first = RecordCodec.Encode(TestRecords.Full("tx-1"));
        var second = RecordCodec.Encode(TestRecords.Minimal("tx-2"));

        var hashes = new[] { first, second, first, second }.Select(e => JournalRecordEncoder.ContentHash(e)).ToArray();

        Assert.Equal([OneShotContentHash(first), OneShotContentHash(second), OneShotContentHash(first), OneShotContentHash(second)], hashes);
        Assert.NotEqual(hashes[0], hashes[1]);
    }

    [Fact]
    public void The_key_bytes_read_from_a_payload_are_the_ids_utf8()
    {
        var encoded = RecordCodec.Encode(TestRecords.Full(NonAsciiId, tenant: "ténant"));

        RecordCodec.ReadKey(encoded, out var id, out var tenant);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(NonAsciiId), id.ToArray());
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("ténant"), tenant.ToArray());
    }

    [Fact]
    public async Task Keys_are_stored_as_the_text_and_hash_of_the_record_and_a_non_ascii_retry_is_a_duplicate()
    {
        var record = TestRecords.Full(NonAsciiId, tenant: "ténant");
        using (var db = _folder.Open())
        {
            await using var journal = new SqliteRecordJournal(db);
            // A big request first, so the pooled key array the small ones reuse holds stale entries past their count.
            Assert.Equal(500, (await journal.AppendAsync(TestRecords.Many(500))).NewCount);
            Assert.Equal(1, (await journal.AppendAsync([record])).NewCount);
        }

        using (var db = _folder.Open())
        {
            using (var connection = db.OpenReadConnection())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT tenant, record_id, content_hash, typeof(record_id) FROM journal_keys WHERE seq = 501;";
                using var reader = command.ExecuteReader();
                Assert.True(reader.Read());
                Assert.Equal(("ténant", NonAsciiId, OneShotContentHash(RecordCodec.Encode(record)), "text"), (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            }

            await using var journal = new SqliteRecordJournal(db);
            var retry = record with { AcceptedAt = record.AcceptedAt.AddMinutes(1) };
            var changed = record with { Memo = "other" };
            var result = await journal.AppendAsync([retry, changed, TestRecords.Minimal("tx-new")]);

            Assert.Equal([JournalAppendResult.Duplicate, JournalAppendResult.Conflict, 502L], result.Sequences);
        }
    }

    public void Dispose() => _folder.Dispose();

    // What the journal computed before it reused a context per thread.
    private static long OneShotContentHash(byte[] encoded) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(encoded.AsSpan(0, encoded.Length - RecordCodec.AcceptedAtBytes)));
}
