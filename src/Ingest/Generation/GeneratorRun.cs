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
    private static readonly IReadOnlyList<string> SanctionedAndHighRiskKinds = Array.AsReadOnly(new[] { PlantedKinds.SanctionedCountry, PlantedKinds.HighRiskCountry });
    private static readonly IReadOnlyList<string> StructuringKinds = Array.AsReadOnly(new[] { PlantedKinds.Structuring });
    private static readonly IReadOnlyList<string> VelocityKinds = Array.AsReadOnly(new[] { PlantedKinds.Velocity });
    private static readonly IReadOnlyList<string> HighRiskKinds = Array.AsReadOnly(new[] { PlantedKinds.HighRiskCountry });
    private static readonly IReadOnlyList<string> TravelRuleKinds = Array.AsReadOnly(new[] { PlantedKinds.TravelRule });
    private static readonly IReadOnlyList<string> DataTransferKinds = Array.AsReadOnly(new[] { PlantedKinds.CrossBorderDataTransfer });
    private static readonly IReadOnlyList<string> PiiInTextKinds = Array.AsReadOnly(new[] { PlantedKinds.PiiInText });

    // Records of a planted sequence follow each other at most this far apart, whatever the mean interval, so a
    // burst stays inside the shipped packs' windows (velocity: 16 records ≤ 5 minutes < PT10M).
    private static readonly long MaxSequenceGapTicks = TimeSpan.FromSeconds(20).Ticks;
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
    private PlantedSequence? _sequence;
    private int _sequenceCustomers;

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
        {
            var gap = _random.Exponential(_meanGapTicks);
            _elapsedTicks += _sequence is null ? gap : Math.Min(gap, MaxSequenceGapTicks);
        }
        _index++;

        var ticks = _startTicks + (long)_elapsedTicks;
        var draft = _draft;
        draft.Id = _options.IdPrefix + sequence.ToString("D6", CultureInfo.InvariantCulture);
        draft.Timestamp = new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

        if (_sequence is not null)
            return WriteSequenceStep(output, draft);
        var u = _random.NextDouble();
        if (u < _options.InvalidRate)
            return WriteInvalid(output, draft);
        if (u < _options.InvalidRate + _options.ViolationRate)
        {
            var planted = _random.Next(8) switch
            {
                0 => PlantThreshold(draft),
                1 => PlantSanctioned(draft),
                2 => StartSequence(PlantedKinds.Structuring),
                3 => StartSequence(PlantedKinds.Velocity),
                4 => PlantHighRisk(draft),
                5 => PlantTravelRule(draft),
                6 => PlantDataTransfer(draft),
                _ => PlantPii(draft),
            };
            if (planted is null)
                return WriteSequenceStep(output, draft);
            Write(output, draft);
            return new GeneratedTruth(draft.Id, planted, null);
        }
        FillClean(draft);
        Write(output, draft);
        return new GeneratedTruth(draft.Id, NoKinds, null);
    }

    private void FillClean(GeneratedDraft draft, GeneratedCustomer? customer = null)
    {
        customer ??= Customer();
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
        return PlantedKinds.SanctionedAndHighRisk.Contains(country) ? SanctionedAndHighRiskKinds : SanctionedKinds;
    }

    /// <summary>Starts a structuring run or velocity burst by a fresh customer; returns null so the caller writes its first step.</summary>
    private IReadOnlyList<string>? StartSequence(string kind)
    {
        var structuring = kind == PlantedKinds.Structuring;
        // US customers deposit USD, EU customers EUR: each run stays in its own pack's currency and under its cash threshold.
        var country = structuring ? (_random.Chance(0.5) ? "US" : _random.Pick(GeneratorCatalog.EuCountries)) : null;
        var customer = new GeneratedCustomer(++_sequenceCustomers, _random, country, "s-");
        var length = structuring ? PlantedKinds.StructuringRunLength : PlantedKinds.VelocityBurstLength;
        // _index already counts the record about to be written: the pattern completes when the run has length records left.
        _sequence = new PlantedSequence(kind, customer, length, completes: _options.Count - (_index - 1) >= length);
        return null;
    }

    private GeneratedTruth WriteSequenceStep(IBufferWriter<byte> output, GeneratedDraft draft)
    {
        var sequence = _sequence!;
        var customer = sequence.Customer;
        FillCustomerFields(draft, customer);
        draft.Currency = customer.Currency;
        draft.Originator = Own(customer);
        draft.Jurisdiction = null;
        if (sequence.Kind == PlantedKinds.Structuring)
        {
            draft.Channel = ChannelNames.Cash;
            draft.Amount = Money(8_100 + _random.NextDouble() * 1_800, draft.Currency);
            draft.Beneficiary = draft.Originator with { CustomerId = null };
            draft.Memo = "cash deposit";
        }
        else
        {
            draft.Channel = ChannelNames.Card;
            draft.Amount = Money(Math.Min(_random.LogNormal(30, 0.6), 200.0) * GeneratorCatalog.UnitsPerUsd(draft.Currency), draft.Currency);
            var merchant = _random.Next(GeneratorCatalog.Merchants.Length);
            draft.Beneficiary = new GeneratedParty($"m-{customer.Country}-{merchant:D4}", GeneratorCatalog.Merchants[merchant], customer.Country, null);
            draft.Memo = null;
        }
        Write(output, draft);

        // Every record of the pattern is its evidence (PRODUCT.md §5 recordIds): all of them carry the kind, not only
        // the last one that completes it.
        var planted = !sequence.Completes ? NoKinds : sequence.Kind == PlantedKinds.Structuring ? StructuringKinds : VelocityKinds;
        if (sequence.IsLast)
            _sequence = null;
        else
            sequence.Advance();
        return new GeneratedTruth(draft.Id, planted, null);
    }

    private IReadOnlyList<string> PlantHighRisk(GeneratedDraft draft)
    {
        PlantSanctioned(draft);
        var country = _random.Pick(GeneratorCatalog.HighRiskCountries);
        // The foreign side of the sanctioned plant moves to a high-risk country that no pack sanctions.
        if (draft.Originator.CustomerId is null)
            draft.Originator = draft.Originator with { Country = country, Account = $"{country}{_random.Next(10, 100)}{_random.Next(10_000_000, 100_000_000)}" };
        else
            draft.Beneficiary = draft.Beneficiary with { Country = country, Account = $"{country}{_random.Next(10, 100)}{_random.Next(10_000_000, 100_000_000)}" };
        return HighRiskKinds;
    }

    private IReadOnlyList<string> PlantTravelRule(GeneratedDraft draft)
    {
        var customer = Customer();
        FillCustomerFields(draft, customer);
        draft.Channel = ChannelNames.Wire;
        draft.Currency = "USD";
        draft.Amount = Money(3_500 + _random.NextDouble() * 1_400, draft.Currency);
        draft.Originator = Own(customer);
        var country = _random.Pick(GeneratorCatalog.TravelCounterpartyCountries);
        if (country == customer.Country)
            country = customer.Country == "US" ? "CA" : "US";
        draft.Beneficiary = new GeneratedParty(
            $"{country}{_random.Next(10, 100)}{_random.Next(10_000_000, 100_000_000)}",
            $"{_random.Pick(GeneratorCatalog.FirstNames)} {_random.Pick(GeneratorCatalog.LastNames)}",
            country,
            null);
        switch (_random.Next(4))
        {
            case 0: draft.Originator = draft.Originator with { Name = null }; break;
            case 1: draft.Originator = draft.Originator with { Account = null }; break;
            case 2: draft.Beneficiary = draft.Beneficiary with { Name = null }; break;
            default: draft.Beneficiary = draft.Beneficiary with { Account = null }; break;
        }
        draft.Jurisdiction = null;
        draft.Memo = _random.Chance(0.5) ? Memo() : null;
        return TravelRuleKinds;
    }

    private IReadOnlyList<string> PlantDataTransfer(GeneratedDraft draft)
    {
        // An EU or UK customer (protected by the GDPR or UK GDPR) whose record is processed without an adequacy decision.
        var customer = Customer();
        for (var tries = 0; tries < 64 && !(customer.IsEu || customer.Country == "GB"); tries++)
            customer = Customer();
        if (!(customer.IsEu || customer.Country == "GB"))
            customer = new GeneratedCustomer(++_sequenceCustomers, _random, "DE", "s-");
        FillClean(draft, customer);
        draft.ProcessingRegion = _random.Pick(GeneratorCatalog.NonAdequateRegions);
        return DataTransferKinds;
    }

    private IReadOnlyList<string> PlantPii(GeneratedDraft draft)
    {
        FillClean(draft);
        draft.Memo = _random.Next(4) switch
        {
            0 => $"refund to card {CardNumber()}",
            1 => $"pay to {Iban()}",
            2 => $"ssn {Ssn()} for tax form",
            _ => $"contact {_random.Pick(GeneratorCatalog.EmailLocalParts)}{_random.Next(1, 100)}@{_random.Pick(GeneratorCatalog.EmailDomains)}",
        };
        return PiiInTextKinds;
    }

    /// <summary>A Luhn-valid 16-digit number starting with 4, grouped by spaces, dashes or not at all.</summary>
    private string CardNumber()
    {
        Span<int> digits = stackalloc int[16];
        digits[0] = 4;
        for (var i = 1; i < 15; i++)
            digits[i] = _random.Next(10);
        var sum = 0;
        for (var i = 14; i >= 0; i--)
        {
            var d = digits[i];
            if ((14 - i) % 2 == 0)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        digits[15] = (10 - sum % 10) % 10;
        var separator = _random.Next(3) switch { 0 => " ", 1 => "-", _ => "" };
        var b = new StringBuilder(19);
        for (var i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0)
                b.Append(separator);
            b.Append((char)('0' + digits[i]));
        }
        return b.ToString();
    }

    /// <summary>A German IBAN with valid check digits (ISO 13616 mod-97), grouped by four or compact.</summary>
    private string Iban()
    {
        var bban = string.Create(18, _random, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = (char)('0' + random.Next(10));
        });
        // Check digits: 98 − (BBAN + "DE00" with D=13, E=14) mod 97.
        var remainder = 0;
        foreach (var c in bban + "131400")
            remainder = (remainder * 10 + (c - '0')) % 97;
        var iban = $"DE{98 - remainder:D2}{bban}";
        if (_random.Chance(0.5))
            return iban;
        var grouped = new StringBuilder(27);
        for (var i = 0; i < iban.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
                grouped.Append(' ');
            grouped.Append(iban[i]);
        }
        return grouped.ToString();
    }

    /// <summary>A valid-looking SSN: area 001–899 except 666, group 01–99, serial 0001–9999.</summary>
    private string Ssn()
    {
        var area = _random.Next(1, 899);
        if (area == 666)
            area = 667;
        return string.Create(CultureInfo.InvariantCulture, $"{area:D3}-{_random.Next(1, 100):D2}-{_random.Next(1, 10_000):D4}");
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
        if (party.Account is not null)
            w.WriteString("account"u8, party.Account);
        if (party.Name is not null)
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
