using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>One list a <c>high-risk-country</c> rule checks and the severity of a hit on it (null: the rule's severity).</summary>
public sealed record HighRiskListLevel(string List, Severity? Severity);
