namespace Lepton.Monitor.Ingest;

/// <summary>
/// Where a parse gets its <see cref="RawRecord"/> and <see cref="RawParty"/> objects: fresh ones (<see cref="Fresh"/>,
/// for a result the caller keeps), or, for a pooled ingest parse, the ones an earlier parse used, cleared when that
/// parse's result went back to its pool. Not thread-safe: one parse at a time (the fresh stock keeps nothing).
/// </summary>
internal sealed class RawRecordStock
{
    /// <summary>Never keeps what it hands out; shared by every unpooled parse.</summary>
    public static readonly RawRecordStock Fresh = new(0);

    private readonly int _retain;
    private readonly List<RawRecord> _records = [];
    private readonly List<RawParty> _parties = [];
    private int _recordsUsed;
    private int _partiesUsed;

    /// <param name="retain">Most records kept for reuse (twice as many parties); a bigger body's rest is allocated.</param>
    public RawRecordStock(int retain) => _retain = retain;

    /// <summary>A cleared record.</summary>
    public RawRecord NextRecord()
    {
        if (_recordsUsed < _records.Count)
            return _records[_recordsUsed++];
        var record = new RawRecord();
        if (_records.Count < _retain)
        {
            _records.Add(record);
            _recordsUsed++;
        }
        return record;
    }

    /// <summary>A cleared party.</summary>
    public RawParty NextParty()
    {
        if (_partiesUsed < _parties.Count)
            return _parties[_partiesUsed++];
        var party = new RawParty();
        if (_parties.Count < 2 * _retain)
        {
            _parties.Add(party);
            _partiesUsed++;
        }
        return party;
    }

    /// <summary>
    /// Clears every handed-out object: they reference the request body's bytes (raw PII) and values that moved into
    /// monitored records, and the body is reused once the submit is over.
    /// </summary>
    public void Reset()
    {
        for (var i = 0; i < _recordsUsed; i++)
            _records[i].Clear();
        for (var i = 0; i < _partiesUsed; i++)
            _parties[i].Clear();
        _recordsUsed = 0;
        _partiesUsed = 0;
    }
}
