using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Seeded generator of labelled synthetic transactions: the shipped model's training data. Records look like
/// ingest output (pseudonymized tokens, ISO codes); each carries a label drawn from a hidden ("latent") risk
/// function of the transaction plus noise, tuned so that about 4% are positives. Same seed → same records.
/// It stays beside serving (not in src/Training) because the product uses it too: the model validator's and the GPU
/// parity probe's records.
/// </summary>
/// <remarks>
/// The latent function is ground truth for the synthetic world only, loosely modelled on AML red flags:
/// cash just under the 10,000 USD reporting threshold (structuring), high-risk counterparty countries,
/// crypto, cross-border wires, new accounts, night-time activity, missing originator information on
/// cross-border transfers, round amounts and large amounts. It is deliberately not the model's feature list
/// (interactions, thresholds) so the trainer has to learn it.
/// </remarks>
public sealed class SyntheticTransactionGenerator
{
    /// <summary>Identifier written into the model card.</summary>
    public const string Name = "lepton-synthetic-aml-v1";

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int SpanDays = 120;

    private static readonly (string Country, double Weight)[] Countries =
    [
        ("US", 50), ("GB", 9), ("DE", 8), ("FR", 5), ("NL", 4), ("SG", 5), ("CH", 3), ("JP", 3),
        ("CA", 3), ("MX", 2), ("BR", 2), ("IN", 2), ("AE", 2), ("CN", 2),
    ];

    private static readonly string[] HighRisk = ["KP", "IR", "SY", "CU", "MM", "AF", "YE"];

    private static readonly (PaymentChannel Channel, double Weight, double MedianUsd, double Sigma)[] Channels =
    [
        (PaymentChannel.Card, 40, 60, 1.0),
        (PaymentChannel.Ach, 18, 800, 1.1),
        (PaymentChannel.Wire, 12, 5_000, 1.3),
        (PaymentChannel.Sepa, 10, 1_200, 1.1),
        (PaymentChannel.Cash, 12, 400, 1.2),
        (PaymentChannel.Crypto, 4, 1_500, 1.5),
        (PaymentChannel.Other, 4, 300, 1.2),
    ];

    private static readonly string[] Memos = ["invoice 4411", "rent", "consulting fees", "gift", "loan repayment", "services", "family support"];
    private static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    /// <summary>Intercept of the latent logit; sets the positive rate (≈4% with the coefficients below).</summary>
    private const double Intercept = -5.1;

    private readonly Random _random;
    private readonly FixedRateCurrencyConverter _rates;
    private long _sequence;

    public SyntheticTransactionGenerator(int seed, FixedRateCurrencyConverter? rates = null)
    {
        _random = new Random(seed); // seeded System.Random is a stable, documented sequence across .NET versions
        _rates = rates ?? FixedRateCurrencyConverter.Default;
    }

    public IEnumerable<LabelledRecord> Generate(int count)
    {
        for (var i = 0; i < count; i++)
            yield return Next();
    }

    public LabelledRecord Next()
    {
        var id = ++_sequence;
        var (channel, medianUsd, sigma) = PickChannel();

        var originatorCountry = _random.NextDouble() < 0.012 ? Pick(HighRisk) : PickCountry();
        var beneficiaryCountry = _random.NextDouble() < 0.72
            ? originatorCountry
            : _random.NextDouble() < 0.05 ? Pick(HighRisk) : PickCountry();

        // Amount in USD: log-normal per channel, with a structuring population just under 10,000.
        var structuringRate = channel == PaymentChannel.Cash ? 0.08 : 0.02;
        var usd = _random.NextDouble() < structuringRate
            ? 8_000 + _random.NextDouble() * 1_999
            : medianUsd * Math.Exp(sigma * Gaussian());
        usd = Math.Clamp(usd, 1, 5_000_000);

        var currency = CurrencyOf(originatorCountry);
        var amount = ToCurrency(usd, currency);
        var round = _random.NextDouble() < 0.15 && amount >= 100m;
        if (round)
            amount = Math.Max(100m, Math.Round(amount / 100m) * 100m);
        _rates.TryConvert(amount, currency, "USD", out var usdExact);

        var day = _random.Next(SpanDays);
        var hour = _random.NextDouble() < 0.85 ? Mod(14 + 4 * Gaussian(), 24) : _random.NextDouble() * 24;
        var timestamp = Start.AddDays(day).AddHours(hour);

        double? accountAgeDays = _random.NextDouble() switch
        {
            < 0.10 => null,
            < 0.18 => Math.Floor(_random.NextDouble() * 30),
            _ => Math.Floor(-900 * Math.Log(1 - _random.NextDouble())),
        };

        var missingInfo = _random.NextDouble() < 0.04;
        var missingField = missingInfo ? _random.Next(3) : -1;
        var originator = new Party(
            Account: missingField == 0 ? null : $"acct-{_random.Next(1_000_000):D6}",
            Name: missingField == 1 ? null : $"name-{_random.Next(1_000_000):D6}",
            Country: missingField == 2 ? null : originatorCountry,
            CustomerId: $"cust-{_random.Next(200_000):D6}");
        var beneficiary = new Party($"acct-{_random.Next(1_000_000):D6}", $"name-{_random.Next(1_000_000):D6}", beneficiaryCountry, null);

        var memo = _random.NextDouble() < 0.35 ? Pick(Memos) : null;
        var record = new MonitoredRecord(
            Id: $"syn-{id:D8}",
            Tenant: "synthetic",
            Timestamp: timestamp,
            Amount: amount,
            Currency: currency,
            Channel: channel,
            Originator: originator,
            Beneficiary: beneficiary,
            Jurisdictions: null,
            DataSubjectRegion: null,
            ProcessingRegion: null,
            Memo: memo,
            Attributes: new Dictionary<string, string> { ["ageBand"] = Pick(AgeBands) },
            Features: accountAgeDays is { } age ? new Dictionary<string, double> { [FeatureExtractor.AccountAgeDaysKey] = age } : null);

        var crossBorder = originatorCountry != beneficiaryCountry;
        var logit = Intercept
            + (usdExact is >= 8_000m and < 10_000m ? (channel == PaymentChannel.Cash ? 3.6 : 1.6) : 0)
            + (IsHighRisk(beneficiaryCountry) ? 3.0 : 0)
            + (IsHighRisk(originatorCountry) ? 2.6 : 0)
            + (channel == PaymentChannel.Crypto ? 1.8 : 0)
            + (crossBorder && channel is PaymentChannel.Wire or PaymentChannel.Crypto ? 1.2 : 0)
            + (accountAgeDays is < 30 ? 2.0 : accountAgeDays is < 180 ? 0.7 : 0)
            + (timestamp.Hour < 5 ? 1.1 : 0)
            + (missingInfo ? (crossBorder ? 2.2 : 0.6) : 0)
            + (round ? 0.6 : 0)
            + 0.45 * Math.Max(0, Math.Log((double)usdExact / 1_000))
            - (channel == PaymentChannel.Card && usdExact < 200m ? 1.0 : 0)
            + 0.5 * Gaussian();
        var probability = 1 / (1 + Math.Exp(-logit));
        var risky = _random.NextDouble() < probability;
        return new LabelledRecord(record, risky, probability);
    }

    private (PaymentChannel, double, double) PickChannel()
    {
        var total = 0.0;
        foreach (var c in Channels) total += c.Weight;
        var x = _random.NextDouble() * total;
        foreach (var c in Channels)
        {
            x -= c.Weight;
            if (x < 0) return (c.Channel, c.MedianUsd, c.Sigma);
        }
        var last = Channels[^1];
        return (last.Channel, last.MedianUsd, last.Sigma);
    }

    private string PickCountry()
    {
        var total = 0.0;
        foreach (var c in Countries) total += c.Weight;
        var x = _random.NextDouble() * total;
        foreach (var c in Countries)
        {
            x -= c.Weight;
            if (x < 0) return c.Country;
        }
        return Countries[^1].Country;
    }

    private static bool IsHighRisk(string country) => Array.IndexOf(HighRisk, country) >= 0;

    private static string CurrencyOf(string country) => country switch
    {
        "GB" => "GBP",
        "DE" or "FR" or "NL" => "EUR",
        "SG" => "SGD",
        "JP" => "JPY",
        "CH" => "CHF",
        _ => "USD",
    };

    private decimal ToCurrency(double usd, string currency)
    {
        _rates.TryConvert(1m, currency, "USD", out var usdPerUnit);
        var decimals = currency == "JPY" ? 0 : 2;
        return Math.Max(0.01m, Math.Round((decimal)usd / usdPerUnit, decimals));
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static double Mod(double x, double m) => ((x % m) + m) % m;

    // Box–Muller; uses two draws per sample so the sequence stays reproducible.
    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
