namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// Issue 12 items 1 and 2: validation bounds what the rules compute with — amounts (size and scale) and timestamps
/// (how far ahead of the ingest clock) — and rejects anything beyond with a reason naming the field.
/// </summary>
public sealed class RecordBoundsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private static string? Validate(Action<System.Text.Json.Nodes.JsonObject> change, DateTimeOffset? now = null) =>
        RecordValidator.Default.Validate(SampleRecord.ParseOne(SampleRecord.Json(change)), now ?? Now);

    [Theory]
    [InlineData("100000000000000000")] // the record: cents overflow a long in the rules
    [InlineData("1000000000000.01")]
    [InlineData("1e15")]
    public void An_amount_beyond_the_bound_is_rejected_with_a_reason(string amount)
    {
        var reason = Validate(n => n["amount"] = System.Text.Json.Nodes.JsonNode.Parse(amount));

        Assert.Equal("amount: must be at most 1,000,000,000,000", reason);
    }

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("0.0001")]
    [InlineData("12.50000000")] // trailing zeros are not precision
    public void An_amount_at_the_bound_is_accepted(string amount)
    {
        Assert.Null(Validate(n => n["amount"] = System.Text.Json.Nodes.JsonNode.Parse(amount)));
    }

    [Fact]
    public void An_amount_finer_than_four_decimal_places_is_rejected_with_a_reason()
    {
        var reason = Validate(n => n["amount"] = System.Text.Json.Nodes.JsonNode.Parse("12.00001"));

        Assert.Equal("amount: must have at most 4 decimal places", reason);
    }

    [Theory]
    [InlineData("9999-12-31T00:00:00Z")]
    [InlineData("2026-11-23T14:00:00.001Z")] // one millisecond past the default day of skew
    public void A_far_future_timestamp_is_rejected(string timestamp)
    {
        var reason = Validate(n => n["timestamp"] = timestamp);

        Assert.Equal("timestamp: more than 1.00:00:00 in the future", reason);
    }

    [Theory]
    [InlineData("2026-11-23T14:00:00Z")] // exactly the skew ahead
    [InlineData("2026-11-22T14:05:00+02:00")] // behind: offsets are compared as instants
    [InlineData("0001-01-01T00:00:00Z")] // history is not bounded (backfills)
    public void A_timestamp_within_the_skew_is_accepted(string timestamp)
    {
        Assert.Null(Validate(n => n["timestamp"] = timestamp));
    }

    [Fact]
    public void The_skew_is_configurable_and_the_clock_is_the_validators_own()
    {
        var clock = new FixedClock(Now);
        var strict = RecordValidator.Default.With(TimeSpan.FromMinutes(10), clock);
        var record = SampleRecord.ParseOne(SampleRecord.Json(n => n["timestamp"] = "2026-11-22T14:30:00Z"));

        Assert.Equal("timestamp: more than 00:10:00 in the future", strict.Validate(record));
        Assert.Null(RecordValidator.Default.With(TimeSpan.FromHours(1), clock).Validate(record));
        Assert.Same(RecordValidator.Default, RecordValidator.Default.With(RecordValidator.DefaultMaxFutureSkew));
        Assert.Equal(RecordValidator.DefaultMaxFutureSkew, new IngestOptions().MaxFutureSkew);
        Assert.Throws<ArgumentOutOfRangeException>(() => RecordValidator.Default.With(TimeSpan.FromSeconds(-1)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
