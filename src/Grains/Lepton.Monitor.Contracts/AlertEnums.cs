using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Contracts;

[JsonConverter(typeof(KebabCaseEnumConverter<AlertKind>))]
public enum AlertKind { Rule, Model, Drift, Fairness }

[JsonConverter(typeof(KebabCaseEnumConverter<Severity>))]
public enum Severity { Low, Medium, High, Critical }

[JsonConverter(typeof(KebabCaseEnumConverter<AlertStatus>))]
public enum AlertStatus { Open, Acknowledged, Resolved, Suppressed, Snoozed }

/// <summary>How a resolved alert was judged: <c>true-positive</c>, <c>false-positive</c>, <c>benign</c>, <c>undetermined</c>.</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<Disposition>))]
public enum Disposition { TruePositive, FalsePositive, Benign, Undetermined }

/// <summary>Enums travel as the lower-case, kebab-case names the API documents (PRODUCT.md §5).</summary>
public sealed class KebabCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
