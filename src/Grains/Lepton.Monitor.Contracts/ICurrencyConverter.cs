namespace Lepton.Monitor.Contracts;

/// <summary>Converts amounts through the configured rate table (rules compare in a pack's currency, models use USD).</summary>
public interface ICurrencyConverter
{
    bool TryConvert(decimal amount, string fromCurrency, string toCurrency, out decimal converted);
}
