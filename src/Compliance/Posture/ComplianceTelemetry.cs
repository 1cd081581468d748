using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Compliance.Posture;

/// <summary>Traces and metrics of the posture, peer benchmark and export stages (picked up by the host's Lepton.Monitor.* wildcard).</summary>
public static class ComplianceTelemetry
{
    public const string Name = "Lepton.Monitor.Compliance.Posture";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    /// <summary>Postures computed, by final class.</summary>
    public static readonly Counter<long> Assessments = Meter.CreateCounter<long>("lepton.posture.assessments", "{assessment}");

    /// <summary>Peer benchmark release attempts by outcome (released, reused, refused).</summary>
    public static readonly Counter<long> Releases = Meter.CreateCounter<long>("lepton.peer_benchmarks.releases", "{release}");

    /// <summary>ε spent by new releases, in millionths (an integer counter: no float accumulation).</summary>
    public static readonly Counter<long> EpsilonSpentMicros = Meter.CreateCounter<long>("lepton.peer_benchmarks.epsilon_spent", "{micro-epsilon}");

    /// <summary>Auditor exports written, by kind (alerts-csv, alerts-json, audit-bundle).</summary>
    public static readonly Counter<long> Exports = Meter.CreateCounter<long>("lepton.exports", "{export}");
}
