namespace Lepton.Monitor.Ingest;

/// <summary>What <see cref="RecordParser.Parse"/> found in a body: records to validate and records already rejected.</summary>
public sealed class ParseResult
{
    public ParseResult(List<RawRecord> records, List<Rejection> rejections, RecordBodyFormat format)
    {
        Records = records;
        Rejections = rejections;
        Format = format;
        Stock = RawRecordStock.Fresh;
    }

    /// <summary>An empty result for <see cref="ParseResultPool"/>, whose records and parties come from <paramref name="stock"/>.</summary>
    internal ParseResult(RawRecordStock stock)
    {
        Records = [];
        Rejections = [];
        Stock = stock;
    }

    /// <summary>Well-formed records in body order, not yet validated.</summary>
    public List<RawRecord> Records { get; }

    /// <summary>Records rejected while parsing (malformed JSON line, oversized, not an object), in body order.</summary>
    public List<Rejection> Rejections { get; }

    public RecordBodyFormat Format { get; internal set; }

    /// <summary>How many records the body held (parsed plus rejected).</summary>
    public int Total => Records.Count + Rejections.Count;

    /// <summary>Where the parse takes its record and party objects from.</summary>
    internal RawRecordStock Stock { get; }

    /// <summary>Empties the result and clears its records and parties for the next parse (pooled results only).</summary>
    internal void Clear()
    {
        Stock.Reset();
        Records.Clear();
        Rejections.Clear();
        Format = default;
    }
}
