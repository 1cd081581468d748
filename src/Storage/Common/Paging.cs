using System.Buffers.Text;
using System.Text;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Page size rules and opaque cursors shared by every list. A cursor is base64url of the last item's key,
/// so clients cannot build one by hand by accident, yet it stays stable across restarts.
/// </summary>
public static class Paging
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 1 ≤ pageSize ≤ 500.</summary>
    public static void ValidatePageSize(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
    }

    public static string EncodeCursor(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    /// <summary>Decodes a cursor; a null or empty cursor means "from the start". Throws <see cref="ArgumentException"/> when malformed.</summary>
    public static string? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (key.Length == 0)
                throw new ArgumentException("cursor: empty", nameof(cursor));
            return key;
        }
        catch (FormatException e)
        {
            throw new ArgumentException("cursor: not a cursor this service issued", nameof(cursor), e);
        }
    }

    /// <summary>
    /// The page from rows read with a limit of <paramref name="pageSize"/> + 1: the one row beyond the page tells
    /// whether another page exists (and is dropped), so the last page carries no cursor.
    /// </summary>
    public static Page<T> FromRowsPlusOne<T>(List<T> rows, int pageSize, Func<T, long> key)
    {
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = EncodeCursor(key(rows[^1]).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return new Page<T>(rows, next);
    }
}
