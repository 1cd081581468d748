using System.Text.Json.Serialization;

namespace Lepton.Monitor.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind { Rule, Model, Drift, Fairness }

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity { Low, Medium, High, Critical }

[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus { Open, Acknowledged, Resolved, Suppressed }

[JsonConverter(typeof(JsonStringEnumConverter<Disposition>))]
public enum Disposition
{
    [JsonStringEnumMemberName("true-positive")] TruePositive,
    [JsonStringEnumMemberName("false-positive")] FalsePositive,
    [JsonStringEnumMemberName("benign")] Benign,
}
