using System.Text.Json.Nodes;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>One server-sent event frame as a client parses it: fields up to a blank line.</summary>
public sealed record SseFrame(string? Id, string? Event, string? Data, string? Retry, IReadOnlyList<string> Comments)
{
    /// <summary>A frame that dispatches an event (it has data).</summary>
    public bool IsEvent => Data is not null;

    public long Seq => long.Parse(Id ?? throw new InvalidOperationException("the frame has no id"), System.Globalization.CultureInfo.InvariantCulture);

    public JsonObject Json => JsonNode.Parse(Data ?? throw new InvalidOperationException("the frame has no data"))!.AsObject();
}
