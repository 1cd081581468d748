namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// Records sent together at one due time: an NDJSON body (a newline after every record) and where each record
/// starts, so the HTTP sender posts the body and the Kafka and Event Hubs senders send one message per record.
/// </summary>
public sealed class LoadChunk(byte[] body, int[] starts)
{
    public byte[] Body { get; } = body;

    public int Records => starts.Length;

    /// <summary>Record <paramref name="index"/>'s bytes, without its newline.</summary>
    public ReadOnlyMemory<byte> Record(int index)
    {
        var end = (index + 1 < starts.Length ? starts[index + 1] : Body.Length) - 1;
        return Body.AsMemory(starts[index], end - starts[index]);
    }
}
