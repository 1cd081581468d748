namespace Lepton.Monitor.Grains.Evaluation;

/// <summary>
/// The reasons a monitor gives for records it could not fully check (<see cref="Contracts.RecordFailure.Reason"/>):
/// the stage, then the exception's type and message, never the record's values. Operators read them in the parked list.
/// </summary>
public static class FailureReasons
{
    /// <summary>Prefix of the reasons of records whose model checks wait for the model (rules did run).</summary>
    public const string ModelPrefix = "model: ";

    public const string RulesPrefix = "rules: ";

    private const int MaxMessage = 240;

    /// <summary>A rule threw on the record: deterministic, so it waits for a fix and an operator's replay.</summary>
    public static string Rules(Exception error) => RulesPrefix + Describe(error);

    /// <summary>The model could not score the batch: the record's model checks are retried when it is back.</summary>
    public static string Model(string modelId, Exception error) => $"{ModelPrefix}{modelId} unavailable: {Describe(error)}";

    /// <summary>Exception type and (shortened, single-line) message.</summary>
    public static string Describe(Exception error)
    {
        var message = error.Message.ReplaceLineEndings(" ");
        if (message.Length > MaxMessage)
            message = message[..MaxMessage] + "…";
        return $"{error.GetType().Name}: {message}";
    }
}
