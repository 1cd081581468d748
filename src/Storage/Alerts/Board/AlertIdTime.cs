namespace Lepton.Monitor.Storage;

/// <summary>
/// When an alert was created, read back from its id: <see cref="SortableId"/> puts the Unix milliseconds in the first
/// 10 Crockford base32 characters after the prefix, so no column (or history lookup) is needed for it.
/// </summary>
public static class AlertIdTime
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The creation time in <paramref name="id"/> (<c>al-</c> + 26 characters), or null when it holds none.</summary>
    public static DateTimeOffset? Of(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var digits = id.AsSpan(dash + 1);
        if (digits.Length != 26)
            return null;
        long millis = 0;
        foreach (var c in digits[..10])
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
                return null;
            millis = (millis << 5) | (long)value;
        }
        return millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null;
    }
}
