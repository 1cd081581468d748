namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// What a report says: activity period and amounts, classification, subjects, transactions and the narrative. Totals
/// are computed from the transactions (<see cref="ReportTotals"/>), never typed.
/// </summary>
public sealed record ReportContent
{
    public required string Narrative { get; init; }
    public required DateOnly ActivityFrom { get; init; }
    public required DateOnly ActivityTo { get; init; }

    /// <summary>The currency amounts are reported in (the jurisdiction pack's: USD for FinCEN).</summary>
    public required string Currency { get; init; }

    public required ReportClassification[] Classifications { get; init; }
    public required ReportParty[] Subjects { get; init; }
    public required ReportTransaction[] Transactions { get; init; }

    /// <summary>The reporting institution (its own data, not a customer's): editable on the draft.</summary>
    public FilingInstitution Filer { get; init; } = new();

    /// <summary>goAML only: the FIU's <c>report_indicators</c> codes.</summary>
    public string[] Indicators { get; init; } = [];
}

/// <summary>A FinCEN SAR suspicious-activity type and subtype (e.g. structuring 1 / 114), with the label FinCEN gives it.</summary>
public sealed record ReportClassification(int TypeId, int SubtypeId, string Label);

/// <summary>One transaction of the report, from an alert's evidence record (parties as pseudonyms).</summary>
public sealed record ReportTransaction(
    string RecordId,
    DateTimeOffset Timestamp,
    decimal Amount,
    string Currency,
    string Channel,
    ReportTransactionSide? From,
    ReportTransactionSide? To,
    string[] Jurisdictions);

/// <summary>One side of a transaction: customer and account pseudonyms and the country.</summary>
public sealed record ReportTransactionSide(string? Customer, string? Account, string? Country);

/// <summary>
/// A subject of the report: the entity's pseudonym (the token ingest made of its customer id) and its account
/// pseudonyms. <see cref="Identity"/> stays null inside the product.
/// </summary>
public sealed record ReportParty(string Pseudonym, string[] Accounts, string? Country)
{
    public KycIdentity? Identity { get; init; }
}

/// <summary>A subject's identity from the institution's KYC data, joined in by <c>lepton report fill</c> outside the product.</summary>
public sealed record KycIdentity
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    /// <summary>An organization's legal name (then <see cref="IsEntity"/>).</summary>
    public string? EntityName { get; init; }
    public bool IsEntity { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public string? BirthDate { get; init; }
    /// <summary>ssn, ein, tin, passport, drivers-license, other.</summary>
    public string? IdType { get; init; }
    public string? IdNumber { get; init; }
    public string? IdCountry { get; init; }
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public string? Country { get; init; }
    public string? Occupation { get; init; }
}

/// <summary>The filing institution and its contact (FinCEN transmitter/filer parties, goAML reporting entity).</summary>
public sealed record FilingInstitution
{
    public string? Name { get; init; }
    /// <summary>EIN of the institution.</summary>
    public string? Tin { get; init; }
    /// <summary>FinCEN BSA E-Filing transmitter control code (TCC).</summary>
    public string? TransmitterControlCode { get; init; }
    /// <summary>FinCEN primary federal regulator code (1 Federal Reserve, 2 FDIC, 3 NCUA, 4 OCC, 6 SEC, 7 IRS, 9 CFTC …).</summary>
    public string? RegulatorCode { get; init; }
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public string? Country { get; init; }
    public string? ContactOffice { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>goAML: the reporting entity's id at the FIU (<c>rentity_id</c>).</summary>
    public string? GoAmlEntityId { get; init; }
    /// <summary>goAML: the FIU's submission code (E electronic, M manual).</summary>
    public string? GoAmlSubmissionCode { get; init; }
    /// <summary>goAML: the reporting person (the MLRO) as the FIU knows them.</summary>
    public string? ReportingPersonFirstName { get; init; }
    public string? ReportingPersonLastName { get; init; }
}
