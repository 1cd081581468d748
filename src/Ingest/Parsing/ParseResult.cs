namespace Lepton.Monitor.Ingest;

/// <summary>What <see cref="RecordParser.Parse"/> found in a body: records to validate and records already rejected.</summary>
public sealed class ParseResult
{
    public ParseResult(List<RawRecord> records, List<Rejection> rejections, RecordBodyFormat format)
    {
        Records = records;
        Rejections = rejections;
        Format = format;
    }

    /// <summary>Well-formed records in body order, not yet validated.</summary>
    public List<RawRecord> Records { get; }

    /// <summary>Records rejected while parsing (malformed JSON line, oversized, not an object), in body order.</summary>
    public List<Rejection> Rejections { get; }

    public RecordBodyFormat Format { get; }

    /// <summary>How many records the body held (parsed plus rejected).</summary>
    public int Total => Records.Count + Rejections.Count;
}
