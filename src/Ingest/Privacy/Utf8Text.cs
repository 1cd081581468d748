using System.Buffers;
using System.Text;

namespace Lepton.Monitor.Ingest;

/// <summary>Checks on raw values held as UTF-8 that answer as the string checks would on the decoded text.</summary>
internal static class Utf8Text
{
    /// <summary>As <see cref="string.IsNullOrWhiteSpace"/> on the decoded text of valid UTF-8 (no whitespace lies beyond the BMP).</summary>
    public static bool IsEmptyOrWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
                return false;
            utf8 = utf8[consumed..];
        }
        return true;
    }
}
