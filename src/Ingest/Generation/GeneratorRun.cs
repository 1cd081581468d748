using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// The state of one generator run: random stream, customer pool, clock and sequence. Writes one NDJSON line
/// (without newline) per call and reports its truth. Single-threaded by design: determinism needs one order.
/// </summary>
internal sealed class GeneratorRun
{
    // Real UTF-8 for names like "Müller", as most producers send it, rather than \u escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly IReadOnlyList<string> NoKinds = Array.AsReadOnly(Array.Empty<string>());
    private static readonly IReadOnlyList<string> ThresholdKinds = Array.AsReadOnly(new[] { PlantedKinds.Threshold });
    private static readonly IReadOnlyList<string> SanctionedKinds = Array.AsReadOnly(new[] { PlantedKinds.SanctionedCountry });
    private static readonly string[] ThresholdCurrencies = ["USD", "EUR", "GBP"];
    private static readonly InvalidRecordKind[] InvalidKinds = Enum.GetValues<InvalidRecordKind>();

    private readonly GeneratorOptions _options;
    private readonly DeterministicRandom _random;
    private readonly GeneratedCustomer[] _customers;
    private readonly GeneratedDraft _draft = new();
    private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(), WriterOptions);
    private readonly long _startTicks;
    private readonly double _meanGapTicks;
    private double _elapsedTicks;
    private long _index;

    public GeneratorRun(GeneratorOptions options)
    {
        options.Check();
        _options = options;
        _random = new DeterministicRandom(options.Seed);
        _customers = new GeneratedCustomer[options.Customers];
        for (var i = 0; i < _customers.Length; i++)
            _customers[i] = new GeneratedCustomer(i + 1, _random);
        _startTicks = options.Start.UtcTicks;
        _meanGapTicks = options.MeanInterval.Ticks;
    }

    public GeneratedTruth WriteNext(IBufferWriter<byte> output)
    {
        var sequence = _options.FirstSequence + _index;
        if (_index > 0)
            _elapsedTicks += _random.Exponential(_meanGapTicks);
        _index++;

        var ticks = _startTicks + (long)_elapsedTicks;
        var draft = _draft;
        draft.Id = _options.IdPrefix + sequence.ToString("D6", CultureInfo.InvariantCulture);
        draft.Timestamp = new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

        var u = _random.NextDouble();
        if (u < _options.InvalidRate)
            return WriteInvalid(output, draft);
        if (u < _options.InvalidRate + _options.ViolationRate)
        {
            var planted = _random.Chance(0.5) ? PlantThreshold(draft) : PlantSanctioned(draft);
            Write(output, draft);
            return new GeneratedTruth(draft.Id, planted, null);
        }
        FillClean(draft);
        Write(output, draft);
        return new GeneratedTruth(draft.Id, NoKinds, null);
    }

    private void FillClean(GeneratedDraft draft)
    {
        var customer = Customer();
        FillCustomerFields(draft, customer);
        var channel = PickChannel(customer);
        draft.Channel = channel;
        draft.Currency = channel == ChannelNames.Sepa ? "EUR" : customer.Currency;
        draft.Originator = Own(customer);

        var (median, sigma, capUsd) = AmountShape(channel);
        if (channel == ChannelNames.Cash)
        {
            // In the record's own currency, below the clean ceiling with a margin for rounding.
            draft.Amount = Money(Math.Min(_random.LogNormal(median, sigma), 4_999.0), draft.Currency);
            draft.Beneficiary = draft.Originator with { CustomerId = null }; // a deposit to one's own account
        }
        else
        {
            draft.Amount = Money(Math.Min(_random.LogNormal(median, sigma), capUsd) * GeneratorCatalog.UnitsPerUsd(draft.Currency), draft.Currency);
            draft.Beneficiary = channel == ChannelNames.Card ? Merchant(customer) : Counterparty(customer);
        }

        draft.Jurisdiction = _random.Chance(0.05) ? HomeJurisdiction(customer.Country) : null;
        draft.Memo = _random.Chance(0.7) ? Memo() : null;
    }

    private IReadOnlyList<string> PlantThreshold(GeneratedDraft draft)
    {
        var customer = Customer();
        FillCustomerFields(draft, customer);
        draft.Channel = ChannelNames.Cash;
        draft.Currency = Array.IndexOf(ThresholdCurrencies, customer.Currency) >= 0 ? customer.Currency : _random.Pick(ThresholdCurrencies);
        draft.Amount = Money(20_000 + _random.NextDouble() * 40_000, draft.Currency);
        draft.Originator = Own(customer);
        draft.Beneficiary = draft.Originator with { CustomerId = null };
        draft.Jurisdiction = null;
        draft.Memo = "cash deposit";
        return ThresholdKinds;
    }

    private IReadOnlyList<string> PlantSanctioned(GeneratedDraft draft)
    {
        var customer = Customer();
        FillCustomerFields(draft, customer);
        var country = _random.Pick(GeneratorCatalog.SanctionedCountries);
        var foreign = new GeneratedParty(
            $"{country}{_random.Next(10, 100)}{_random.Next(10_000_000, 100_000_000)}",
            $"{_random.Pick(GeneratorCatalog.FirstNames)} {_random.Pick(GeneratorCatalog.LastNames)}",
            country,
            null);
        draft.Channel = ChannelNames.Wire;
        draft.Currency = customer.Currency == "JPY" ? "USD" : customer.Currency;
        // Kept small so that the record plants exactly one kind, whatever amount rules a pack has.
        draft.Amount = Money(Math.Min(_random.LogNormal(2_000, 0.6), 4_900.0), draft.Currency);
        if (_random.Chance(0.75))
        {
            draft.Originator = Own(customer);
            draft.Beneficiary = foreign;
        }
        else
        {
            draft.Originator = foreign;
            draft.Beneficiary = Own(customer) with { CustomerId = null };
        }
        draft.Jurisdiction = null;
        draft.Memo = _random.Chance(0.5) ? Memo() : null;
        return SanctionedKinds;
    }

    private GeneratedTruth WriteInvalid(IBufferWriter<byte> output, GeneratedDraft draft)
    {
        FillClean(draft);
        var kind = _random.Pick(InvalidKinds);
        string reason;
        switch (kind)
        {
            case InvalidRecordKind.MissingId:
                draft.Id = null;
                reason = "id: required";
                break;
            case InvalidRecordKind.NonPositiveAmount:
                draft.Amount = _random.Chance(0.5) ? 0m : -draft.Amount;
                reason = "amount: must be > 0";
                break;
            case InvalidRecordKind.AmountAsString:
                draft.AmountText = draft.Amount.ToString(CultureInfo.InvariantCulture);
                reason = "amount: must be a number";
                break;
            case InvalidRecordKind.UnknownCurrency:
                draft.Currency = _random.Chance(0.5) ? "XXX" : "ZZZ";
                reason = $"currency: unknown ISO 4217 code '{draft.Currency}'";
                break;
            case InvalidRecordKind.UnknownCountry:
                draft.Beneficiary = draft.Beneficiary with { Country = "ZZ" };
                reason = "beneficiary.country: unknown ISO 3166-1 alpha-2 code 'ZZ'";
                break;
            default:
                return WriteMalformed(output, draft);
        }
        Write(output, draft);
        draft.AmountText = null;
        return new GeneratedTruth(draft.Id, NoKinds, reason);
    }

    /// <summary>A line cut off where the amount's value should be: the JSON reader fails at the comma after the colon.</summary>
    private GeneratedTruth WriteMalformed(IBufferWriter<byte> output, GeneratedDraft draft)
    {
        var id = JsonEncodedText.Encode(draft.Id!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var prefix = $"{{\"id\":\"{id}\",\"tenant\":\"{_options.Tenant}\",\"amount\":";
        var line = prefix + ",\"currency\":\"" + draft.Currency + "\"}";
        var bytes = Encoding.UTF8.GetBytes(line);
        output.Write(bytes);
        return new GeneratedTruth(draft.Id, NoKinds, $"json: invalid at byte {Encoding.UTF8.GetByteCount(prefix)}");
    }

    private void Write(IBufferWriter<byte> output, GeneratedDraft d)
    {
        var w = _writer;
        w.Reset(output);
        w.WriteStartObject();
        if (d.Id is not null)
            w.WriteString("id"u8, d.Id);
        w.WriteString("tenant"u8, _options.Tenant);
        w.WriteString("timestamp"u8, d.Timestamp);
        if (d.AmountText is not null)
            w.WriteString("amount"u8, d.AmountText);
        else
            w.WriteNumber("amount"u8, d.Amount);
        w.WriteString("currency"u8, d.Currency);
        w.WriteString("channel"u8, d.Channel);
        WriteParty(w, "originator"u8, d.Originator);
        WriteParty(w, "beneficiary"u8, d.Beneficiary);
        if (d.Jurisdiction is not null)
        {
            w.WriteStartArray("jurisdictions"u8);
            w.WriteStringValue(d.Jurisdiction);
            w.WriteEndArray();
        }
        if (d.DataSubjectRegion is not null)
            w.WriteString("dataSubjectRegion"u8, d.DataSubjectRegion);
        if (d.ProcessingRegion is not null)
            w.WriteString("processingRegion"u8, d.ProcessingRegion);
        if (d.Memo is not null)
            w.WriteString("memo"u8, d.Memo);
        w.WriteStartObject("attributes"u8);
        w.WriteString("ageBand"u8, d.AgeBand);
        w.WriteString("region"u8, d.Region);
        w.WriteEndObject();
        w.WriteStartObject("features"u8);
        w.WriteNumber("accountAgeDays"u8, d.AccountAgeDays);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteParty(Utf8JsonWriter w, ReadOnlySpan<byte> name, GeneratedParty party)
    {
        w.WriteStartObject(name);
        w.WriteString("account"u8, party.Account);
        w.WriteString("name"u8, party.Name);
        w.WriteString("country"u8, party.Country);
        if (party.CustomerId is not null)
            w.WriteString("customerId"u8, party.CustomerId);
        w.WriteEndObject();
    }

    private GeneratedCustomer Customer() => _customers[_random.Next(_customers.Length)];

    private void FillCustomerFields(GeneratedDraft draft, GeneratedCustomer customer)
    {
        draft.AmountText = null;
        draft.AgeBand = customer.AgeBand;
        draft.Region = customer.Region;
        draft.AccountAgeDays = customer.AccountAgeDaysAtStart + (int)((draft.Timestamp.Ticks - _startTicks) / TimeSpan.TicksPerDay);
        // The data subject is protected where the customer lives; processing stays there (no cross-border transfer).
        (draft.DataSubjectRegion, draft.ProcessingRegion) = customer.IsEu ? ("EU", "EU")
            : customer.Country == "GB" ? ("GB", "GB")
            : ((string?)null, (string?)null);
    }

    private string PickChannel(GeneratedCustomer customer)
    {
        var u = _random.NextDouble();
        var channel = u switch
        {
            < 0.45 => ChannelNames.Card,
            < 0.58 => ChannelNames.Ach,
            < 0.68 => ChannelNames.Wire,
            < 0.76 => ChannelNames.Sepa,
            < 0.88 => ChannelNames.Cash,
            < 0.92 => ChannelNames.Crypto,
            _ => ChannelNames.Other,
        };
        return channel switch
        {
            ChannelNames.Ach when customer.Country != "US" => ChannelNames.Wire,
            ChannelNames.Sepa when !customer.IsEu => ChannelNames.Wire,
            // Yen cash would either be tiny or cross the clean ceiling of 5,000 units.
            ChannelNames.Cash when customer.Currency == "JPY" => ChannelNames.Card,
            _ => channel,
        };
    }

    /// <summary>Log-normal shape per channel (median and cap in USD).</summary>
    private static (double Median, double Sigma, double CapUsd) AmountShape(string channel) => channel switch
    {
        ChannelNames.Card => (45, 1.0, 20_000),
        ChannelNames.Ach => (800, 1.1, 100_000),
        ChannelNames.Wire => (3_000, 1.2, 250_000),
        ChannelNames.Sepa => (600, 1.1, 100_000),
        ChannelNames.Cash => (150, 0.9, 4_999),
        ChannelNames.Crypto => (400, 1.4, 100_000),
        _ => (100, 1.0, 20_000),
    };

    private static decimal Money(double value, string currency)
    {
        var digits = GeneratorCatalog.MinorDigits(currency);
        var amount = Math.Round((decimal)value, digits, MidpointRounding.ToEven);
        var minimum = digits == 0 ? 100m : 1m;
        return amount < minimum ? minimum : amount;
    }

    private static GeneratedParty Own(GeneratedCustomer customer) =>
        new(customer.Account, customer.Name, customer.Country, customer.CustomerId);

    private GeneratedParty Merchant(GeneratedCustomer customer)
    {
        var merchant = _random.Next(GeneratorCatalog.Merchants.Length);
        var country = _random.Chance(0.9) ? customer.Country : GeneratorCatalog.PickCountry(_random);
        return new GeneratedParty($"m-{country}-{merchant:D4}", GeneratorCatalog.Merchants[merchant], country, null);
    }

    private GeneratedParty Counterparty(GeneratedCustomer customer)
    {
        var other = Customer();
        if (ReferenceEquals(other, customer))
            other = _customers[(Array.IndexOf(_customers, customer) + 1) % _customers.Length];
        return new GeneratedParty(other.Account, other.Name, other.Country, null);
    }

    private static string HomeJurisdiction(string country) =>
        IsoCodes.EuMemberStates.Contains(country) ? JurisdictionCodes.Eu : country;

    private string Memo()
    {
        var template = _random.Pick(GeneratorCatalog.Memos);
        return template.Contains("{n}", StringComparison.Ordinal)
            ? template.Replace("{n}", _random.Next(100, 100_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : template;
    }
}
