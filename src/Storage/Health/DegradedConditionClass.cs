namespace Lepton.Monitor.Storage;

/// <summary>
/// The bounded class of a degraded condition's name, for metric tags: "monitor acme/US" → <c>monitor</c>,
/// "dispatch worker 3" → <c>dispatch-worker</c>, "journal takeover" → <c>journal-takeover</c>; fixed names (and
/// "alert-outbox-kafka", one per transport) keep their name with spaces as dashes.
/// </summary>
public static class DegradedConditionClass
{
    public static string Of(string conditionName)
    {
        if (conditionName.StartsWith("monitor ", StringComparison.Ordinal))
            return "monitor";
        if (conditionName.StartsWith("dispatch worker ", StringComparison.Ordinal))
            return "dispatch-worker";
        return conditionName.Replace(' ', '-');
    }
}
