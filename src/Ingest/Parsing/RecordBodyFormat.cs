namespace Lepton.Monitor.Ingest;

/// <summary>How a records body was framed.</summary>
public enum RecordBodyFormat
{
    /// <summary>One JSON object per line (blank lines ignored).</summary>
    Ndjson,

    /// <summary>A JSON array of objects (first non-whitespace byte '[').</summary>
    JsonArray,
}
