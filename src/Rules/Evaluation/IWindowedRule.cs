using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// A rule over an entity's recent records (<c>structuring</c>, <c>velocity</c>). It needs the caller's
/// <see cref="EntityWindows"/>: evaluated without one (<see cref="IRule.Evaluate"/>) it raises nothing.
/// </summary>
public interface IWindowedRule : IRule
{
    /// <summary>How far back the rule looks; the state holds events at least this long.</summary>
    TimeSpan Window { get; }

    /// <summary>Channels whose records the rule counts; records on other channels need not be held for it.</summary>
    uint ChannelMask { get; }

    /// <summary>Adds a candidate when the window that <paramref name="record"/> completes violates the rule.</summary>
    void Evaluate(string tenant, MonitoredRecord record, EntityHistory history, List<AlertCandidate> output);
}
