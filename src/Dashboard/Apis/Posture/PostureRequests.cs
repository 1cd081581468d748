using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Dashboard.Apis.Posture;

/// <summary>PUT /v1/posture/datapoints: one jurisdiction's reported figures (see <see cref="PostureDataPoints"/>).</summary>
public sealed record DataPointsRequest(
    string? Tenant, string? Jurisdiction, long? PeriodRecords, decimal? PepShare, decimal? NonResidentShare, decimal? CashShare,
    decimal? CrossBorderShare, decimal? CryptoShare, decimal? NonFaceToFaceShare, Dictionary<string, decimal>? CountryExposure)
{
    public PostureDataPoints ToDataPoints() => new()
    {
        PeriodRecords = PeriodRecords, PepShare = PepShare, NonResidentShare = NonResidentShare, CashShare = CashShare,
        CrossBorderShare = CrossBorderShare, CryptoShare = CryptoShare, NonFaceToFaceShare = NonFaceToFaceShare, CountryExposure = CountryExposure,
    };
}

/// <summary>PUT /v1/posture/weights: family percentages by name (customers, productsTransactions, channels, geography) and indicator weights.</summary>
public sealed record WeightsRequest(string? Tenant, Dictionary<string, int>? Families, Dictionary<string, int>? Indicators)
{
    public bool TryToWeights(out PostureWeights weights, out string? error)
    {
        weights = null!;
        error = null;
        if (Families is null)
        {
            error = "families: required, e.g. { \"customers\": 25, \"productsTransactions\": 25, \"channels\": 25, \"geography\": 25 }";
            return false;
        }
        var families = new Dictionary<RiskFactorFamily, int>();
        foreach (var (name, percent) in Families)
        {
            var family = Enum.GetValues<RiskFactorFamily>().Where(f => string.Equals(PostureWeightsValidator.Name(f), name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (family.Length == 0)
            {
                error = $"families.{name}: unknown family (customers, productsTransactions, channels, geography)";
                return false;
            }
            families[family[0]] = percent;
        }
        weights = new PostureWeights { Families = families, Indicators = Indicators ?? [] };
        return true;
    }
}

/// <summary>POST /v1/posture/overrides.</summary>
public sealed record OverrideRequest(string? Tenant, string? Jurisdiction, string? ToClass, string? Reason, DateTimeOffset? ExpiresAt);

/// <summary>GET /v1/posture: the computed postures (each stored as a snapshot) and the jurisdictions that could not be assessed.</summary>
public sealed record PostureAnswer(IReadOnlyList<PostureAssessment> Items, IReadOnlyList<string> NotAssessed, string? NextCursor);
