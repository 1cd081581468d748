namespace Lepton.Monitor.Ingest;

/// <summary>
/// Strict RFC 3339 date-time parser over UTF-8 (<c>2026-11-22T14:00:00.123Z</c>, <c>…+02:00</c>). ISO 8601 parsers
/// accept dates without a time or an offset, which would make the instant ambiguous; this one does not.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Parses and normalises to UTC. Leap seconds (:60) are rejected: .NET cannot represent them.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length is < 20 or > 64)
            return false;
        if (!TryDigits(s, 0, 4, out var year) || s[4] != '-' || !TryDigits(s, 5, 2, out var month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day))
            return false;
        if (s[10] is not ((byte)'T' or (byte)'t' or (byte)' '))
            return false;
        if (!TryDigits(s, 11, 2, out var hour) || s[13] != ':' || !TryDigits(s, 14, 2, out var minute) || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
            return false;

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond / 10;
            while (i < s.Length && IsDigit(s[i]))
            {
                // Beyond 7 digits (100 ns ticks) precision is dropped, not rejected.
                fractionTicks += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start)
                return false;
        }
        if (i >= s.Length)
            return false;

        long offsetMinutes;
        switch (s[i])
        {
            case (byte)'Z' or (byte)'z':
                offsetMinutes = 0;
                i++;
                break;
            case (byte)'+' or (byte)'-':
                if (i + 6 != s.Length || !TryDigits(s, i + 1, 2, out var offHours) || s[i + 3] != ':'
                    || !TryDigits(s, i + 4, 2, out var offMinutes) || offHours > 23 || offMinutes > 59)
                    return false;
                offsetMinutes = (offHours * 60 + offMinutes) * (s[i] == '-' ? -1 : 1);
                i += 6;
                break;
            default:
                return false;
        }
        if (i != s.Length)
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;

        var utcTicks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks
            - offsetMinutes * TimeSpan.TicksPerMinute;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            return false;
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
                return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
