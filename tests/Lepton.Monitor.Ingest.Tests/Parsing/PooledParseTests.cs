using System.Reflection;
using System.Text;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// Ingest's pooled parse (<see cref="ParseResultPool"/>) reuses the record and party objects of earlier parses: it must
/// find exactly what a fresh parse finds whatever was parsed before, and returning a result must leave nothing of the
/// body (raw PII) or of the records' values reachable from the pooled objects.
/// </summary>
public sealed class PooledParseTests
{
    [Fact]
    public void A_reused_result_finds_what_a_fresh_parse_finds_whatever_came_before()
    {
        var bodies = ((IEnumerable<object[]>)OwnedParseTests.Bodies()).Select(row => Encoding.UTF8.GetBytes((string)row[0])).ToList();
        var pool = new ParseResultPool(1);

        // Every body after every other: a full record followed by one with fewer fields, errors or no parties.
        foreach (var before in bodies)
        {
            foreach (var body in bodies)
            {
                pool.Return(RecordParser.ParseOwned(before, 10_000, 1 << 20, pool));
                var fresh = RecordParser.ParseOwned(body, 10_000, 1 << 20);

                var reused = RecordParser.ParseOwned(body, 10_000, 1 << 20, pool);

                Assert.Equal(fresh.Records.Select(OwnedParseTests.Describe), reused.Records.Select(OwnedParseTests.Describe));
                Assert.Equal(fresh.Rejections, reused.Rejections);
                Assert.Equal(fresh.Format, reused.Format);
                pool.Return(reused);
            }
        }
    }

    [Fact]
    public void A_returned_result_is_rented_again_with_the_same_record_objects()
    {
        var pool = new ParseResultPool(1);
        var body = Encoding.UTF8.GetBytes(SampleRecord.Json() + "\n" + SampleRecord.Json(id: "tx-2"));
        var first = RecordParser.ParseOwned(body, 10, 1 << 20, pool);
        var records = first.Records.ToList();
        pool.Return(first);

        var second = RecordParser.ParseOwned(body, 10, 1 << 20, pool);

        Assert.Same(first, second);
        Assert.Equal(records, second.Records); // by reference
        Assert.Equal("tx-2", second.Records[1].Id);
    }

    [Fact]
    public void Returning_a_result_clears_every_field_of_its_records_and_parties()
    {
        var pool = new ParseResultPool(1);
        var body = Encoding.UTF8.GetBytes(
            SampleRecord.Json(n => n["memo"] = "call me") + "\n"
            + SampleRecord.Json(n => n["amount"] = "x", id: "tx-2") + "\n"
            + "[1]\n");
        var result = RecordParser.ParseOwned(body, 10, 1 << 20, pool);
        var records = result.Records.ToList();
        var parties = records.SelectMany(r => new[] { r.Originator, r.Beneficiary }).OfType<RawParty>().ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(4, parties.Count);
        Assert.True(records[1].HasFieldErrors);

        pool.Return(result);

        Assert.Empty(result.Records);
        Assert.Empty(result.Rejections);
        foreach (var record in records)
            AssertAllDefault(record);
        foreach (var party in parties)
            AssertAllDefault(party);
    }

    [Fact]
    public void A_result_that_grew_past_what_the_pool_keeps_is_not_pooled()
    {
        var pool = new ParseResultPool(1);
        var line = SampleRecord.Json();
        var big = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Repeat(line, ParseResultPool.RetainRecords + 1)));
        var result = RecordParser.ParseOwned(big, int.MaxValue, 1 << 20, pool);
        Assert.Equal(ParseResultPool.RetainRecords + 1, result.Records.Count);

        pool.Return(result);

        Assert.NotSame(result, pool.Rent());
    }

    [Fact]
    public void A_body_that_fails_to_parse_returns_its_result_to_the_pool()
    {
        var pool = new ParseResultPool(1);
        var kept = pool.Rent();
        pool.Return(kept);

        Assert.Throws<RecordBodyException>(() => RecordParser.ParseOwned(Encoding.UTF8.GetBytes("[" + SampleRecord.Json() + ","), 10, 1 << 20, pool));

        var next = pool.Rent();
        Assert.Same(kept, next);
        Assert.Empty(next.Records);
    }

    /// <summary>Every instance field, auto-property backing fields and structs' fields included, holds its default.</summary>
    private static void AssertAllDefault(object value)
    {
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var current = field.GetValue(value);
            var empty = field.FieldType.IsValueType ? Activator.CreateInstance(field.FieldType) : null;
            Assert.True(Equals(current, empty), $"{value.GetType().Name}.{field.Name} still holds {current}");
        }
    }
}
