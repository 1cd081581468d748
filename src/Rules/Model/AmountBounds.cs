using System.Globalization;

namespace Lepton.Monitor.Rules;

/// <summary>
/// The range of every money amount the rules compute with — record amounts (checked by ingest), pack parameters and
/// tenant overrides (checked when read or applied). Far above any real transaction, far below where cents stop fitting
/// a <see cref="long"/> (9.2e16), so the rules' arithmetic has four orders of magnitude of headroom, rate conversion
/// included.
/// </summary>
public static class AmountBounds
{
    /// <summary>The largest amount accepted, in the currency it is stated in: 1,000,000,000,000 (10^12).</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>
    /// At most this many decimal places: enough for every ISO 4217 minor unit (CLF has 4), and an amount's scale stays
    /// small enough that a sum or a conversion never runs out of decimal precision.
    /// </summary>
    public const int MaxDecimalPlaces = 4;

    /// <summary><see cref="MaxAmount"/> as reasons print it.</summary>
    public static string MaxAmountText { get; } = MaxAmount.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="amount"/> has no digit beyond <see cref="MaxDecimalPlaces"/> (trailing zeros do not count).</summary>
    public static bool HasAllowedScale(decimal amount) =>
        amount.Scale <= MaxDecimalPlaces || decimal.Round(amount, MaxDecimalPlaces) == amount;
}
