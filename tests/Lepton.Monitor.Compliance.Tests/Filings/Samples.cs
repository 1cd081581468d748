using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Tests.Filings;

/// <summary>Drafts and alerts shared by the filing tests: a structuring case of one customer, all in USD cash.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Day = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static FilingInstitution Filer { get; } = new()
    {
        Name = "Example Community Bank",
        Tin = "123456789",
        TransmitterControlCode = "TBSATEST",
        RegulatorCode = "2",
        Street = "1 Main Street",
        City = "Springfield",
        State = "IL",
        Zip = "62701",
        Country = "US",
        ContactOffice = "BSA Office",
        ContactPhone = "217-555-0100",
        GoAmlEntityId = "4711",
        ReportingPersonFirstName = "Mia",
        ReportingPersonLastName = "Lorenz",
    };

    public static ReportTransaction Cash(string id, DateTimeOffset at, decimal amount, string customer = "p_subject000000000000000", string currency = "USD") =>
        new(id, at, amount, currency, "cash", new ReportTransactionSide(customer, "p_account00000000000000", "US"),
            new ReportTransactionSide(null, "p_bankcash000000000000", "US"), ["US"]);

    public static ReportDraft Draft(ReportType type, params ReportTransaction[] transactions) => new()
    {
        Id = "rpt-TEST",
        Tenant = "acme",
        Type = type,
        Author = "key-author",
        CreatedAt = Day,
        UpdatedAt = Day,
        AlertIds = ["al-1"],
        Content = new ReportContent
        {
            Narrative = "Cash deposits split below the reporting threshold.\nSecond line.",
            ActivityFrom = DateOnly.FromDateTime(transactions.Min(t => t.Timestamp).UtcDateTime),
            ActivityTo = DateOnly.FromDateTime(transactions.Max(t => t.Timestamp).UtcDateTime),
            Currency = "USD",
            Classifications = ClassificationTable.SarClassifications(["structuring", "high-risk-country"]),
            Indicators = ClassificationTable.GoAmlIndicators(["structuring"]),
            Subjects = [new ReportParty("p_subject000000000000000", ["p_account00000000000000"], "US")],
            Transactions = transactions,
            Filer = Filer,
        },
    };

    public static ReportTransaction[] Structuring() =>
    [
        Cash("r1", Day, 9_500.40m),
        Cash("r2", Day.AddHours(2), 9_400m),
        Cash("r3", Day.AddDays(1), 9_800.60m),
    ];

    public static KycIdentity Identity { get; } = new()
    {
        FirstName = "Jane",
        LastName = "Doe",
        BirthDate = "1980-10-25",
        IdType = "ssn",
        IdNumber = "123456789",
        Street = "5 Elm Street",
        City = "Springfield",
        State = "IL",
        Zip = "62704",
        Country = "US",
    };

    public static Alert ResolvedAlert(string id, string tenant, string entity, string ruleKind = "structuring") => new(
        id, tenant, "US", AlertKind.Rule, "us-cash-" + ruleKind, ruleKind, Severity.High, AlertStatus.Resolved, Disposition.TruePositive,
        "fp-" + id, Day, Day.AddDays(1), 3, entity, ["r1", "r2", "r3"], null, null,
        new AlertExplanation("3 cash deposits of 28,700 USD within 24h each below 10,000", new RuleReference("us-cash-" + ruleKind, ruleKind, "31 CFR 1010.314"),
            [new ExplanationValue("sumInPackCurrency", 28700.0, ">=", 10000.0)], null),
        null, []);
}
