using System.Buffers;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Finds and masks PII in free text (PRODUCT.md §4 <c>pii-in-text</c>): card numbers (13–19 digits, optionally grouped
/// by single spaces or dashes, passing Luhn), IBANs (upper-case, optionally grouped by spaces, valid mod-97 check
/// digits), US SSNs (<c>ddd-dd-dddd</c>, not area 000, 666 or 9xx, not group 00 or serial 0000) and e-mail addresses.
/// </summary>
/// <remarks>
/// Runs on every memo at ingest, so it is one left-to-right pass with no allocation unless something is masked.
/// Check digits (Luhn, mod-97) keep invoice numbers and references from being taken for PII. A match must stand on its
/// own: a digit run inside a longer alphanumeric word is not a card number.
/// </remarks>
public static class PiiTextScanner
{
    /// <summary>Masks look like <c>[masked:card-number]</c>; the rule recognises them after ingest has masked the raw value.</summary>
    public const string MarkerPrefix = "[masked:";

    private const int StackMatches = 16;

    private static readonly SearchValues<char> DigitsAndAt = SearchValues.Create("0123456789@");
    private static readonly SearchValues<char> DigitsAndUpper = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly string MaskedCard = Marker(PiiKinds.CardNumber);
    private static readonly string MaskedIban = Marker(PiiKinds.Iban);
    private static readonly string MaskedSsn = Marker(PiiKinds.Ssn);
    private static readonly string MaskedEmail = Marker(PiiKinds.Email);

    /// <summary>The kinds of raw PII in <paramref name="text"/>; <see cref="PiiKinds.None"/> when there is none.</summary>
    public static PiiKinds Scan(ReadOnlySpan<char> text)
    {
        var kinds = PiiKinds.None;
        Run(text, [], ref kinds);
        return kinds;
    }

    /// <summary>Writes the matches in text order to <paramref name="matches"/> and returns how many there are (possibly more than fit).</summary>
    public static int FindAll(ReadOnlySpan<char> text, Span<PiiMatch> matches)
    {
        var kinds = PiiKinds.None;
        return Run(text, matches, ref kinds);
    }

    /// <summary>The kinds named by <c>[masked:KIND]</c> markers in <paramref name="text"/> (left there by ingest masking).</summary>
    public static PiiKinds FindMarkers(ReadOnlySpan<char> text)
    {
        var kinds = PiiKinds.None;
        while (true)
        {
            var at = text.IndexOf(MarkerPrefix, StringComparison.Ordinal);
            if (at < 0)
                return kinds;
            text = text[(at + MarkerPrefix.Length)..];
            var end = text.IndexOf(']');
            if (end < 0)
                return kinds;
            kinds |= text[..end] switch
            {
                PiiKindNames.CardNumber => PiiKinds.CardNumber,
                PiiKindNames.Iban => PiiKinds.Iban,
                PiiKindNames.Ssn => PiiKinds.Ssn,
                PiiKindNames.Email => PiiKinds.Email,
                _ => PiiKinds.None,
            };
            text = text[(end + 1)..];
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every piece of PII replaced by its marker (<c>pay [masked:card-number]</c>); the same
    /// instance when there is nothing to mask.
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<PiiMatch> onStack = stackalloc PiiMatch[StackMatches];
        var count = FindAll(text, onStack);
        if (count == 0)
            return text;
        if (count <= StackMatches)
            return Replace(text, onStack[..count]);

        var rented = ArrayPool<PiiMatch>.Shared.Rent(count);
        try
        {
            FindAll(text, rented);
            return Replace(text, rented.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<PiiMatch>.Shared.Return(rented);
        }
    }

    /// <summary>The marker that replaces one kind: <c>[masked:iban]</c>.</summary>
    public static string MarkerOf(PiiKinds kind) => kind switch
    {
        PiiKinds.CardNumber => MaskedCard,
        PiiKinds.Iban => MaskedIban,
        PiiKinds.Ssn => MaskedSsn,
        PiiKinds.Email => MaskedEmail,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a single PII kind"),
    };

    private static string Marker(PiiKinds kind) => MarkerPrefix + PiiKindNames.Of(kind) + "]";

    private static int Run(ReadOnlySpan<char> text, Span<PiiMatch> matches, ref PiiKinds kinds)
    {
        // Every kind needs a digit or an '@': most memos are dismissed by one vectorized search.
        if (!text.ContainsAny(DigitsAndAt))
            return 0;
        var emails = text.Contains('@');
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!emails)
            {
                // Without an '@' only a digit or an upper-case letter can start a match: jump to the next one.
                var next = text[i..].IndexOfAny(DigitsAndUpper);
                if (next < 0)
                    break;
                i += next;
            }
            if (TryMatchAt(text, i, emails, out var match))
            {
                kinds |= match.Kind;
                if (count < matches.Length)
                    matches[count] = match;
                count++;
                i = match.Start + match.Length;
            }
            else
            {
                i++;
            }
        }
        return count;
    }

    private static string Replace(string text, ReadOnlySpan<PiiMatch> matches)
    {
        var length = text.Length;
        foreach (var m in matches)
            length += MarkerOf(m.Kind).Length - m.Length;

        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var written = 0;
            var from = 0;
            foreach (var m in matches)
            {
                text.AsSpan(from, m.Start - from).CopyTo(buffer.AsSpan(written));
                written += m.Start - from;
                var marker = MarkerOf(m.Kind);
                marker.CopyTo(buffer.AsSpan(written));
                written += marker.Length;
                from = m.Start + m.Length;
            }
            text.AsSpan(from).CopyTo(buffer.AsSpan(written));
            written += text.Length - from;
            return new string(buffer, 0, written);
        }
        finally
        {
            // The buffer held text around raw PII only, but pooled memory should not keep it either way.
            buffer.AsSpan(0, length).Clear();
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool TryMatchAt(ReadOnlySpan<char> text, int i, bool emails, out PiiMatch match)
    {
        var c = text[i];
        var previous = i > 0 ? text[i - 1] : ' ';
        if (emails && IsLocalPartChar(c) && !IsLocalPartChar(previous) && TryEmail(text, i, out match))
            return true;
        if (char.IsAsciiDigit(c) && !char.IsAsciiLetterOrDigit(previous) && !IsJoinedToDigits(text, i))
        {
            if (TryCard(text, i, out match) || TrySsn(text, i, out match))
                return true;
        }
        else if (char.IsAsciiLetterUpper(c) && !char.IsAsciiLetterOrDigit(previous) && TryIban(text, i, out match))
        {
            return true;
        }
        match = default;
        return false;
    }

    /// <summary>True when a dash before <paramref name="i"/> ties it to more digits (the tail of a longer dashed number).</summary>
    private static bool IsJoinedToDigits(ReadOnlySpan<char> text, int i) =>
        i >= 2 && text[i - 1] == '-' && char.IsAsciiDigit(text[i - 2]);

    private static bool TryCard(ReadOnlySpan<char> text, int start, out PiiMatch match)
    {
        match = default;
        Span<byte> digits = stackalloc byte[19];
        // Ends of digit groups, with the digit count so far: a card may be followed by more grouped digits (a date).
        Span<int> groupEnds = stackalloc int[19];
        Span<int> groupCounts = stackalloc int[19];
        var groups = 0;
        var count = 0;
        var j = start;
        while (j < text.Length)
        {
            var c = text[j];
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    count++;
                    break;
                }
                digits[count++] = (byte)(c - '0');
                j++;
                continue;
            }
            if (c is ' ' or '-' && j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
            {
                groupEnds[groups] = j;
                groupCounts[groups++] = count;
                j++;
                continue;
            }
            break;
        }
        if (count <= digits.Length)
        {
            if (j < text.Length && char.IsAsciiLetter(text[j]))
                return false;
            groupEnds[groups] = j;
            groupCounts[groups++] = count;
        }
        for (var g = groups - 1; g >= 0; g--)
        {
            var n = groupCounts[g];
            if (n is >= 13 and <= 19 && PassesLuhn(digits[..n]))
            {
                match = new PiiMatch(start, groupEnds[g] - start, PiiKinds.CardNumber);
                return true;
            }
        }
        return false;
    }

    private static bool PassesLuhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var k = digits.Length - 1; k >= 0; k--)
        {
            var d = digits[k];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static bool TrySsn(ReadOnlySpan<char> text, int start, out PiiMatch match)
    {
        match = default;
        const int Length = 11;
        if (start + Length > text.Length)
            return false;
        var s = text.Slice(start, Length);
        for (var k = 0; k < Length; k++)
        {
            var expectDash = k is 3 or 6;
            if (expectDash ? s[k] != '-' : !char.IsAsciiDigit(s[k]))
                return false;
        }
        var end = start + Length;
        if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || (text[end] == '-' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))))
            return false;
        var area = Number(s[..3]);
        var group = Number(s.Slice(4, 2));
        var serial = Number(s.Slice(7, 4));
        if (area is 0 or 666 or >= 900 || group == 0 || serial == 0)
            return false;
        match = new PiiMatch(start, Length, PiiKinds.Ssn);
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
            n = n * 10 + (c - '0');
        return n;
    }

    private static bool TryIban(ReadOnlySpan<char> text, int start, out PiiMatch match)
    {
        match = default;
        const int MinLength = 15;
        const int MaxLength = 34;
        if (start + MinLength > text.Length
            || !char.IsAsciiLetterUpper(text[start + 1]) || !char.IsAsciiDigit(text[start + 2]) || !char.IsAsciiDigit(text[start + 3]))
            return false;

        Span<char> chars = stackalloc char[MaxLength];
        Span<int> ends = stackalloc int[MaxLength + 1]; // ends[n] = text position after the n-th character, when a boundary
        var count = 0;
        var j = start;
        while (j < text.Length && count < MaxLength)
        {
            var c = text[j];
            if (char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
            {
                chars[count++] = c;
                j++;
                ends[count] = IsIbanBoundary(text, j) ? j : -1;
                continue;
            }
            if (c == ' ' && count > 0 && j + 1 < text.Length && (char.IsAsciiDigit(text[j + 1]) || char.IsAsciiLetterUpper(text[j + 1])))
            {
                j++;
                continue;
            }
            break;
        }
        for (var n = count; n >= MinLength; n--)
        {
            if (ends[n] > 0 && PassesMod97(chars[..n]))
            {
                match = new PiiMatch(start, ends[n] - start, PiiKinds.Iban);
                return true;
            }
        }
        return false;
    }

    private static bool IsIbanBoundary(ReadOnlySpan<char> text, int end) =>
        end == text.Length || !char.IsAsciiLetterOrDigit(text[end]);

    /// <summary>ISO 13616: move the first four characters to the end, letters become 10–35, the number mod 97 must be 1.</summary>
    private static bool PassesMod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
                remainder = (remainder * 10 + (c - '0')) % 97;
            else
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    private static bool TryEmail(ReadOnlySpan<char> text, int start, out PiiMatch match)
    {
        match = default;
        var at = start;
        while (at < text.Length && IsLocalPartChar(text[at]))
            at++;
        if (at == start || at >= text.Length || text[at] != '@' || text[start] == '.' || text[at - 1] == '.')
            return false;

        var end = at + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '.'))
            end++;
        while (end > at + 1 && text[end - 1] is '.' or '-')
            end--; // a sentence's full stop is not part of the domain

        var domain = text[(at + 1)..end];
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0 || domain.Contains("..", StringComparison.Ordinal))
            return false;
        var tld = domain[(lastDot + 1)..];
        if (tld.Length < 2)
            return false;
        foreach (var c in tld)
        {
            if (!char.IsAsciiLetter(c))
                return false;
        }
        match = new PiiMatch(start, end - start, PiiKinds.Email);
        return true;
    }

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
