using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>One record kept as an alert's evidence. <see cref="Record"/> is the pseudonymized record as JSON.</summary>
public sealed record AlertEvidence(string AlertId, string RecordId, string Entity, DateTimeOffset EventTime, JsonElement Record)
{
    /// <summary>
    /// How many records an alert keeps: the first ones that raised or joined it. Later ones still count
    /// (<c>count</c>, <c>recordIds</c>) but their payload is not kept, so one hot entity cannot grow the store unbounded.
    /// </summary>
    public const int MaxPerAlert = 50;
}
