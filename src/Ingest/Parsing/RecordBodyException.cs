namespace Lepton.Monitor.Ingest;

/// <summary>
/// The body as a whole is unusable: a malformed JSON array (answer 400) or more records than allowed
/// (<see cref="TooManyRecords"/>, answer 413). The message never quotes the body.
/// </summary>
public sealed class RecordBodyException : Exception
{
    public RecordBodyException(string message, bool tooManyRecords = false, Exception? inner = null)
        : base(message, inner)
    {
        TooManyRecords = tooManyRecords;
    }

    /// <summary>True when the body held more records than the limit.</summary>
    public bool TooManyRecords { get; }
}
