namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// The business figures of one tenant in one jurisdiction for a period, as the AMLA draft RTS collects them from an
/// obliged entity (shares are fractions 0..1 of customers or of transaction volume). Null means "not reported": the
/// indicator is left out and the weights of those present are renormalised. Alert rates come from the product's own
/// alerts, divided by <see cref="PeriodRecords"/>.
/// </summary>
public sealed record PostureDataPoints
{
    /// <summary>Transactions the tenant processed in the jurisdiction during the period (the denominator of alert rates).</summary>
    public long? PeriodRecords { get; init; }

    /// <summary>Share of customers who are politically exposed persons (or their family and close associates).</summary>
    public decimal? PepShare { get; init; }

    /// <summary>Share of customers resident outside the jurisdiction.</summary>
    public decimal? NonResidentShare { get; init; }

    /// <summary>Share of transaction volume in cash.</summary>
    public decimal? CashShare { get; init; }

    /// <summary>Share of transaction volume crossing a border.</summary>
    public decimal? CrossBorderShare { get; init; }

    /// <summary>Share of transaction volume in crypto-assets.</summary>
    public decimal? CryptoShare { get; init; }

    /// <summary>Share of customers onboarded or served without face-to-face contact.</summary>
    public decimal? NonFaceToFaceShare { get; init; }

    /// <summary>Share of transaction volume by counterparty country (ISO 3166-1 alpha-2); shares need not sum to 1.</summary>
    public IReadOnlyDictionary<string, decimal>? CountryExposure { get; init; }
}
