using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>PII typed into a memo is masked when the record is pseudonymized, i.e. before it is journaled.</summary>
public class MemoMaskingTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset AcceptedAt = new(2026, 11, 22, 14, 0, 1, TimeSpan.Zero);
    private const string Card = "4111 1111 1111 1111";

    private static MonitoredRecord Monitored(string memo)
    {
        using var pseudonymizer = new Pseudonymizer(Key);
        return pseudonymizer.ToMonitored(SampleRecord.ParseOne(SampleRecord.Json(n => n["memo"] = memo)), AcceptedAt);
    }

    [Fact]
    public void Card_number_and_email_in_the_memo_become_markers()
    {
        var record = Monitored($"pay {Card} ref jane.doe@example.com");

        Assert.Equal("pay [masked:card-number] ref [masked:email]", record.Memo);
    }

    [Theory]
    [InlineData("iban DE89 3704 0044 0532 0130 00 thanks", "iban [masked:iban] thanks")]
    [InlineData("ssn 123-45-6789", "ssn [masked:ssn]")]
    [InlineData("card 4111-1111-1111-1111.", "card [masked:card-number].")]
    public void Each_kind_is_masked(string memo, string masked)
    {
        Assert.Equal(masked, Monitored(memo).Memo);
    }

    [Fact]
    public void A_memo_without_pii_is_kept_as_the_same_string()
    {
        using var pseudonymizer = new Pseudonymizer(Key);
        var raw = SampleRecord.ParseOne(SampleRecord.Json(n => n["memo"] = "invoice 12345 for 2026-11"));

        var record = pseudonymizer.ToMonitored(raw, AcceptedAt);

        Assert.Same(raw.Memo, record.Memo);
    }

    [Fact]
    public void No_raw_card_number_is_left_in_the_record_or_in_the_alert_it_raises()
    {
        var record = Monitored($"refund to {Card} asap");
        var json = JsonSerializer.Serialize(record);
        var digits = Card.Replace(" ", "", StringComparison.Ordinal);

        Assert.DoesNotContain(Card, json, StringComparison.Ordinal);
        Assert.DoesNotContain(digits, json, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", json, StringComparison.Ordinal);

        var output = new List<AlertCandidate>();
        new RuleEngine(RulePackSet.LoadDefault().Get("US"), CurrencyRates.LoadDefault()).Evaluate("acme", [record], [], output);
        var alert = Assert.Single(output, c => c.RuleKind == RuleKinds.PiiInText);
        var explanation = JsonSerializer.Serialize(alert);
        Assert.Contains("card-number", alert.Explanation.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", explanation, StringComparison.Ordinal);
    }
}
