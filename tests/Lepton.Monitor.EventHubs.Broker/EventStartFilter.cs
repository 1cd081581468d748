using System.Globalization;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// Where a consumer link starts, parsed from the SDK's selector filter
/// ("amqp.annotation.x-opt-offset > -1", "... > @latest", "amqp.annotation.x-opt-sequence-number >= 12",
/// "amqp.annotation.x-opt-enqueued-time > 1733000000000").
/// </summary>
internal sealed record EventStartFilter(EventStartFilter.Field On, bool Inclusive, long Value, bool Latest)
{
    public enum Field { Offset, SequenceNumber, EnqueuedTime }

    const string Prefix = "amqp.annotation.";

    /// <summary>The whole partition from its beginning (what a link without a filter gets).</summary>
    public static EventStartFilter Earliest { get; } = new(Field.Offset, false, -1, false);

    public static EventStartFilter Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return Earliest;
        }

        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts[0].StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Unsupported selector filter '{expression}'.");
        }

        var field = parts[0][Prefix.Length..].ToLowerInvariant() switch
        {
            "x-opt-offset" => Field.Offset,
            "x-opt-sequence-number" => Field.SequenceNumber,
            "x-opt-enqueued-time" => Field.EnqueuedTime,
            _ => throw new FormatException($"Unsupported selector filter field '{parts[0]}'."),
        };
        var inclusive = parts[1] switch
        {
            ">" => false,
            ">=" => true,
            _ => throw new FormatException($"Unsupported selector filter operator '{parts[1]}'."),
        };
        var value = parts[2].Trim('\'', '"');
        if (value == "@latest")
        {
            return new EventStartFilter(field, inclusive, 0, true);
        }

        return new EventStartFilter(field, inclusive, long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture), false);
    }
}
