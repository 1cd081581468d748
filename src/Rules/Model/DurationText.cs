using System.Globalization;
using System.Text;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Window lengths as packs and overrides write them: an ISO-8601 duration of weeks, days, hours, minutes and seconds
/// (<c>PT10M</c>, <c>P1D</c>, <c>P1DT12H</c>, <c>PT0.5S</c>, <c>P2W</c>) or a number of seconds (<c>600</c>).
/// Years and months are refused: their length varies, a window's must not.
/// </summary>
public static class DurationText
{
    /// <summary>Far beyond any window (TimeSpan holds about 2.9e11 days): larger numbers are refused before they are multiplied.</summary>
    private const decimal MaxUnitValue = 1e15m;

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        text = text.Trim();
        if (char.IsAsciiDigit(text[0]))
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
                return false;
            return TryFromSeconds(seconds, out duration);
        }
        if (text.Length < 3 || text[0] is not ('P' or 'p'))
            return false;

        decimal total = 0; // seconds
        var inTime = false;
        var i = 1;
        var sawUnit = false;
        while (i < text.Length)
        {
            if (text[i] is 'T' or 't')
            {
                if (inTime)
                    return false;
                inTime = true;
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                i++;
            if (i == start || i == text.Length
                || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || value > MaxUnitValue) // value × factor must not overflow: a Try method does not throw
                return false;
            var unit = char.ToUpperInvariant(text[i++]);
            decimal? factor = (inTime, unit) switch
            {
                (false, 'W') => 7 * 86_400m,
                (false, 'D') => 86_400m,
                (true, 'H') => 3_600m,
                (true, 'M') => 60m,
                (true, 'S') => 1m,
                _ => null,
            };
            if (factor is null)
                return false;
            total += value * factor.Value;
            sawUnit = true;
        }
        return sawUnit && TryFromSeconds(total, out duration);
    }

    /// <summary>A window in seconds (a JSON number).</summary>
    public static bool TryFromSeconds(decimal seconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (seconds < 0 || seconds > (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
            return false;
        duration = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>ISO-8601 form, largest units first: <c>P1DT2H</c>, <c>PT10M</c>, <c>PT0S</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            return "PT0S";
        var b = new StringBuilder("P");
        if (duration.Days > 0)
            b.Append(CultureInfo.InvariantCulture, $"{duration.Days}D");
        var rest = duration - TimeSpan.FromDays(duration.Days);
        if (rest > TimeSpan.Zero)
        {
            b.Append('T');
            if (rest.Hours > 0)
                b.Append(CultureInfo.InvariantCulture, $"{rest.Hours}H");
            if (rest.Minutes > 0)
                b.Append(CultureInfo.InvariantCulture, $"{rest.Minutes}M");
            var seconds = rest.Ticks % TimeSpan.TicksPerMinute / (decimal)TimeSpan.TicksPerSecond;
            if (seconds > 0)
                b.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
        }
        return b.ToString();
    }
}
