namespace Lepton.Monitor.Ingest;

/// <summary>
/// Journal sequence numbers collected between two checkpoints, held in fixed chunks below the large-object threshold.
/// A checkpoint covers ~10 s of records (hundreds of thousands at full speed): one growing list of them doubled into
/// the large-object heap every few seconds (128 KB → 1 MB), and each large allocation counts toward a gen2 collection.
/// </summary>
internal sealed class SequenceChunks
{
    /// <summary>64 KiB of sequences: under the runtime's 85,000-byte large-object threshold.</summary>
    public const int ChunkLength = 8192;

    private readonly List<long[]> _chunks = [];
    private int _lastFill = ChunkLength;

    public int Count { get; private set; }

    public void AddRange(List<long> sequences)
    {
        var source = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sequences);
        while (!source.IsEmpty)
        {
            if (_lastFill == ChunkLength)
            {
                _chunks.Add(new long[ChunkLength]);
                _lastFill = 0;
            }
            var take = Math.Min(source.Length, ChunkLength - _lastFill);
            source[..take].CopyTo(_chunks[^1].AsSpan(_lastFill));
            _lastFill += take;
            source = source[take..];
        }
        Count += sequences.Count;
    }

    /// <summary>The sequences in the order they were added, one segment per chunk (each a separate journal mark).</summary>
    public IEnumerable<ArraySegment<long>> Segments()
    {
        for (var i = 0; i < _chunks.Count; i++)
            yield return new ArraySegment<long>(_chunks[i], 0, i == _chunks.Count - 1 ? _lastFill : ChunkLength);
    }
}
