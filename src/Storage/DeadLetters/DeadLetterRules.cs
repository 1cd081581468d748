namespace Lepton.Monitor.Storage;

/// <summary>What every <see cref="IDeadLetterStore"/> checks and cuts before it stores a dead letter, on either backend.</summary>
internal static class DeadLetterRules
{
    private const string TruncatedMarker = "…[truncated]";

    /// <exception cref="ArgumentException">An item is null, has an unknown source or no reason (naming its index).</exception>
    public static void Validate(IReadOnlyList<DeadLetter> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"items[{i}] is null", nameof(items));
            if (!DeadLetterSources.IsValid(item.Source))
                throw new ArgumentException($"items[{i}].source: '{item.Source}' is not http, kafka, file, demo or dispatch", nameof(items));
            if (string.IsNullOrEmpty(item.Reason))
                throw new ArgumentException($"items[{i}].reason: required", nameof(items));
        }
    }

    /// <summary>The payload cut to <see cref="SqliteDeadLetterStore.MaxPayloadChars"/>, the cut marked, so one huge record cannot grow the store.</summary>
    public static string? Truncate(string? payload) =>
        payload is { Length: > SqliteDeadLetterStore.MaxPayloadChars }
            ? string.Concat(payload.AsSpan(0, SqliteDeadLetterStore.MaxPayloadChars - TruncatedMarker.Length), TruncatedMarker)
            : payload;
}
