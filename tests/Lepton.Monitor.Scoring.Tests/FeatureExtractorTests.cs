using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class FeatureExtractorTests
{
    private readonly FeatureExtractor _extractor = new(FixedRateCurrencyConverter.Default);

    [Fact]
    public void Names_match_the_count_and_are_unique()
    {
        Assert.Equal(FeatureExtractor.FeatureCount, FeatureExtractor.FeatureNames.Count);
        Assert.Equal(FeatureExtractor.FeatureCount, FeatureExtractor.FeatureNames.Distinct().Count());
        Assert.Equal(FeatureExtractor.FeatureCount, FeatureExtractor.FeatureDescriptions.Count);
        Assert.Equal("amountUsdLog1p", FeatureExtractor.FeatureNames[0]);
        Assert.Equal("missingOriginatorInfo", FeatureExtractor.FeatureNames[^1]);
    }

    [Fact]
    public void Hand_built_record_gives_the_exact_vector()
    {
        // 9,000 EUR cash from DE to IR, Sunday 18:00 at +02:00 (16:00 UTC), blank memo, 12-day-old account.
        var record = TestRecords.Create(
            amount: 9_000m,
            currency: "EUR",
            channel: PaymentChannel.Cash,
            originator: new Party("acct-1", "name-1", "DE", "cust-1"),
            beneficiary: new Party("acct-2", "name-2", "IR", null),
            timestamp: new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.FromHours(2)),
            memo: "   ",
            features: new Dictionary<string, double> { ["accountAgeDays"] = 12 });

        var actual = new float[FeatureExtractor.FeatureCount];
        _extractor.Extract(record, actual);

        var angle = 2 * Math.PI * 16 / 24;
        float[] expected =
        [
            (float)Math.Log(1 + 9_720.0), // 9,000 EUR × 1.08
            1, 0, 0, 0, 0, 0, 0,          // cash
            1,                            // cross-border DE → IR
            1,                            // 9,000 is a multiple of 100
            1,                            // 9,720 USD in [8,000, 10,000)
            (float)Math.Sin(angle), (float)Math.Cos(angle),
            1,                            // Sunday
            0, 1,                         // beneficiary high-risk only
            0,                            // blank memo
            (float)Math.Log(13),
            0,                            // originator complete
        ];
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Missing_data_uses_documented_defaults()
    {
        var record = new MonitoredRecord("tx-2", "acme", new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero), 250.5m, "XXX",
            PaymentChannel.Other, Originator: null, Beneficiary: new Party(null, null, "US", null), null, null, null,
            Memo: "rent", Attributes: null, Features: null);

        var f = new float[FeatureExtractor.FeatureCount];
        _extractor.Extract(record, f);

        Assert.Equal((float)Math.Log(1 + 250.5), f[0]); // unknown currency: raw amount
        Assert.Equal(1f, f[7]);                          // channelOther
        Assert.Equal(0f, f[8]);                          // no originator country → not cross-border
        Assert.Equal(0f, f[9]);                          // 250.5 is not round
        Assert.Equal(0f, f[11]);                         // midnight: sin 0
        Assert.Equal(1f, f[12]);                         //           cos 1
        Assert.Equal(0f, f[13]);                         // Wednesday
        Assert.Equal(1f, f[16]);                         // memo present
        Assert.Equal((float)Math.Log(1 + FeatureExtractor.DefaultAccountAgeDays), f[17]);
        Assert.Equal(1f, f[18]);                         // missing originator
    }

    [Theory]
    [InlineData(7_999.99, 0f)]
    [InlineData(8_000, 1f)]
    [InlineData(9_999.99, 1f)]
    [InlineData(10_000, 0f)]
    public void Near_threshold_band_is_half_open(double usd, float expected)
    {
        var f = new float[FeatureExtractor.FeatureCount];
        _extractor.Extract(TestRecords.Create(amount: (decimal)usd), f);
        Assert.Equal(expected, f[10]);
    }

    [Fact]
    public void Each_channel_sets_exactly_its_own_slot()
    {
        PaymentChannel[] order = [PaymentChannel.Cash, PaymentChannel.Card, PaymentChannel.Wire, PaymentChannel.Ach, PaymentChannel.Sepa, PaymentChannel.Crypto, PaymentChannel.Other];
        var f = new float[FeatureExtractor.FeatureCount];
        for (var slot = 0; slot < order.Length; slot++)
        {
            _extractor.Extract(TestRecords.Create(channel: order[slot]), f);
            for (var i = 0; i < order.Length; i++)
                Assert.Equal(i == slot ? 1f : 0f, f[1 + i]);
        }
    }

    [Fact]
    public void Short_destination_is_rejected()
    {
        var tooShort = new float[FeatureExtractor.FeatureCount - 1];
        Assert.Throws<ArgumentException>(() => _extractor.Extract(TestRecords.Create(), tooShort));
    }

    [Fact]
    public void Extract_allocates_nothing()
    {
        var records = TestRecords.Generated(64);
        var buffer = new float[FeatureExtractor.FeatureCount];
        foreach (var r in records) _extractor.Extract(r, buffer); // warm up (JIT, static init)

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var repeat = 0; repeat < 10; repeat++)
            foreach (var r in records) _extractor.Extract(r, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
