using System.Text;

namespace Lepton.Monitor.Ingest;

/// <summary>One generated NDJSON line and the truth about it.</summary>
public sealed class GeneratedRecord
{
    internal GeneratedRecord(int index, string? id, byte[] utf8Line, IReadOnlyList<string> plantedKinds, string? expectedRejection)
    {
        Index = index;
        Id = id;
        Utf8Line = utf8Line;
        PlantedKinds = plantedKinds;
        ExpectedRejection = expectedRejection;
    }

    /// <summary>0-based position in the run (and in the NDJSON body).</summary>
    public int Index { get; }

    /// <summary>The record's id; null when the record deliberately lacks one.</summary>
    public string? Id { get; }

    /// <summary>The line's UTF-8 bytes, without the trailing newline.</summary>
    public byte[] Utf8Line { get; }

    public string Line => Encoding.UTF8.GetString(Utf8Line);

    /// <summary>Planted violation kinds (<see cref="Ingest.PlantedKinds"/>); empty for clean and invalid records.</summary>
    public IReadOnlyList<string> PlantedKinds { get; }

    /// <summary>The exact rejection reason ingest must give, or null for a valid record.</summary>
    public string? ExpectedRejection { get; }
}
