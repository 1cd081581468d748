namespace Lepton.Monitor.Compliance.Posture;

/// <summary>Bad data points are refused with the field named: shares in 0..1, a non-negative record count, ISO country codes.</summary>
public static class PostureDataPointsValidator
{
    public static IReadOnlyList<string> Validate(PostureDataPoints data)
    {
        var errors = new List<string>();
        void Share(string name, decimal? value)
        {
            if (value is { } v && (v < 0m || v > 1m))
                errors.Add($"{name}: {v} is not a share in 0..1");
        }

        if (data.PeriodRecords is < 0)
            errors.Add($"periodRecords: {data.PeriodRecords} must be >= 0");
        Share("pepShare", data.PepShare);
        Share("nonResidentShare", data.NonResidentShare);
        Share("cashShare", data.CashShare);
        Share("crossBorderShare", data.CrossBorderShare);
        Share("cryptoShare", data.CryptoShare);
        Share("nonFaceToFaceShare", data.NonFaceToFaceShare);
        foreach (var (country, share) in data.CountryExposure ?? new Dictionary<string, decimal>())
        {
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
                errors.Add($"countryExposure.{country}: not an ISO 3166-1 alpha-2 code in upper case");
            Share($"countryExposure.{country}", share);
        }
        return errors;
    }
}
