using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Enum values as stored in TEXT columns: the lower-case names of PRODUCT.md §5, spelled out here so that
/// renaming a C# member can never silently change what is on disk.
/// </summary>
public static class StoredEnums
{
    public static string ToText(AlertKind value) => value switch
    {
        AlertKind.Rule => "rule",
        AlertKind.Model => "model",
        AlertKind.Drift => "drift",
        AlertKind.Fairness => "fairness",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static string ToText(Severity value) => value switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static string ToText(AlertStatus value) => value switch
    {
        AlertStatus.Open => "open",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Suppressed => "suppressed",
        AlertStatus.Snoozed => "snoozed",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static string ToText(Disposition value) => value switch
    {
        Disposition.TruePositive => "true-positive",
        Disposition.FalsePositive => "false-positive",
        Disposition.Benign => "benign",
        Disposition.Undetermined => "undetermined",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    public static AlertKind ToAlertKind(string text) => text switch
    {
        "rule" => AlertKind.Rule,
        "model" => AlertKind.Model,
        "drift" => AlertKind.Drift,
        "fairness" => AlertKind.Fairness,
        _ => throw Unknown(text),
    };

    public static Severity ToSeverity(string text) => text switch
    {
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => throw Unknown(text),
    };

    public static AlertStatus ToAlertStatus(string text) => text switch
    {
        "open" => AlertStatus.Open,
        "acknowledged" => AlertStatus.Acknowledged,
        "resolved" => AlertStatus.Resolved,
        "suppressed" => AlertStatus.Suppressed,
        "snoozed" => AlertStatus.Snoozed,
        _ => throw Unknown(text),
    };

    public static Disposition ToDisposition(string text) => text switch
    {
        "true-positive" => Disposition.TruePositive,
        "false-positive" => Disposition.FalsePositive,
        "benign" => Disposition.Benign,
        "undetermined" => Disposition.Undetermined,
        _ => throw Unknown(text),
    };

    private static InvalidDataException Unknown(string text) => new($"unknown stored enum value '{text}'");
}
