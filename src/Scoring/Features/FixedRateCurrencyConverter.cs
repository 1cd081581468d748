using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// A converter over a fixed table of USD value per currency unit. Used by the synthetic training data
/// and tests so they do not depend on the deployment's rate table; serving passes the real converter.
/// </summary>
public sealed class FixedRateCurrencyConverter : ICurrencyConverter
{
    private readonly Dictionary<string, decimal> _usdPerUnit;

    public FixedRateCurrencyConverter(IReadOnlyDictionary<string, decimal> usdPerUnit)
    {
        _usdPerUnit = new Dictionary<string, decimal>(usdPerUnit, StringComparer.OrdinalIgnoreCase);
        foreach (var (currency, rate) in _usdPerUnit)
        {
            if (rate <= 0)
                throw new ArgumentException($"rate for {currency} must be > 0", nameof(usdPerUnit));
        }
    }

    /// <summary>The rates the shipped model was trained with (USD per unit).</summary>
    public static FixedRateCurrencyConverter Default { get; } = new(new Dictionary<string, decimal>
    {
        ["USD"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
        ["SGD"] = 0.74m,
        ["JPY"] = 0.0067m,
        ["CHF"] = 1.12m,
    });

    public IEnumerable<string> Currencies => _usdPerUnit.Keys;

    public bool TryConvert(decimal amount, string fromCurrency, string toCurrency, out decimal converted)
    {
        if (_usdPerUnit.TryGetValue(fromCurrency, out var from) && _usdPerUnit.TryGetValue(toCurrency, out var to))
        {
            converted = amount * from / to;
            return true;
        }

        converted = 0m;
        return false;
    }
}
