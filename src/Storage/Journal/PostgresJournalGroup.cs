namespace Lepton.Monitor.Storage;

/// <summary>
/// One group commit's appends as the PostgreSQL writer sends them: every record's key once (a repeat inside the group
/// is resolved here against its first occurrence, as SQLite's row-by-row insert does), then each outcome the database
/// reported — new with its seq, or already journaled with its content hash — turned into the per-request results.
/// </summary>
internal sealed class PostgresJournalGroup
{
    private const long Unresolved = long.MinValue;

    private readonly List<JournalAppendRequest> _appends = [];
    // Per flat record: the unique key it maps to, and whether it is a later repeat of that key within the group.
    private readonly int[] _unique;
    private readonly bool[] _repeat;
    // Per unique key: the seq it was inserted under (> 0), or Unresolved; and the hash it is journaled with.
    private readonly long[] _seq;
    private readonly long?[] _journaledHash;
    private readonly bool[] _existing;

    public PostgresJournalGroup(IReadOnlyList<JournalRequest> group)
    {
        var total = 0;
        foreach (var request in group)
        {
            if (request is JournalAppendRequest append)
            {
                _appends.Add(append);
                total += append.Records.Length;
            }
        }
        _unique = new int[total];
        _repeat = new bool[total];
        Tenants = new string[total];
        Ids = new string[total];
        Hashes = new long[total];
        var seen = new Dictionary<(string, string), int>(total);
        var flat = 0;
        foreach (var append in _appends)
        {
            foreach (var record in append.Records)
            {
                if (seen.TryGetValue((record.Tenant, record.RecordId), out var first))
                {
                    _unique[flat] = first;
                    _repeat[flat] = true;
                }
                else
                {
                    seen.Add((record.Tenant, record.RecordId), UniqueCount);
                    _unique[flat] = UniqueCount;
                    Tenants[UniqueCount] = record.Tenant;
                    Ids[UniqueCount] = record.RecordId;
                    Hashes[UniqueCount] = record.ContentHash;
                    UniqueCount++;
                }
                flat++;
            }
        }
        _seq = new long[UniqueCount];
        _journaledHash = new long?[UniqueCount];
        _existing = new bool[UniqueCount];
        Array.Fill(_seq, Unresolved);
    }

    public IReadOnlyList<JournalAppendRequest> Appends => _appends;

    /// <summary>The distinct keys, in input order (the first <see cref="UniqueCount"/> entries are used).</summary>
    public string[] Tenants { get; }

    public string[] Ids { get; }

    public long[] Hashes { get; }

    public int UniqueCount { get; }

    /// <summary>The database said key <paramref name="index"/> (0-based) was already journaled, with this hash.</summary>
    public void SetExisting(int index, long? contentHash)
    {
        _existing[index] = true;
        _journaledHash[index] = contentHash;
        _seq[index] = JournalAppendResult.Duplicate;
    }

    /// <summary>The database inserted key <paramref name="index"/> under <paramref name="seq"/>.</summary>
    public void SetInserted(int index, long seq)
    {
        _seq[index] = seq;
        _journaledHash[index] = Hashes[index];
    }

    /// <summary>
    /// Fills every request's sequences. False when a key got neither outcome: another partition's transaction
    /// inserted it concurrently (ON CONFLICT skipped it, leaving a hole in the seqs), so the caller rolls back and
    /// runs the group again, when the other key is committed and seen as existing.
    /// </summary>
    public bool TryResolve(out long appended, out long duplicates, out long conflicts)
    {
        appended = duplicates = conflicts = 0;
        foreach (var seq in _seq)
            if (seq == Unresolved)
                return false;
        var flat = 0;
        foreach (var append in _appends)
        {
            for (var i = 0; i < append.Records.Length; i++, flat++)
            {
                var key = _unique[flat];
                if (!_repeat[flat] && !_existing[key])
                {
                    append.Sequences[i] = _seq[key];
                    appended++;
                }
                // A repeat compares with what is journaled under its key: the older record, or this group's first occurrence.
                // Keys journaled without a hash (NULL) count as the same: there is nothing to tell them apart by.
                else if (_journaledHash[key] is not { } hash || hash == append.Records[i].ContentHash)
                {
                    append.Sequences[i] = JournalAppendResult.Duplicate;
                    duplicates++;
                }
                else
                {
                    append.Sequences[i] = JournalAppendResult.Conflict;
                    conflicts++;
                }
            }
        }
        return true;
    }
}
