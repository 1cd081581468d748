namespace Lepton.Monitor.Storage.Tests;

/// <summary>A fresh data folder per test, removed afterwards.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lepton-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public LeptonDatabase Open() => LeptonDatabase.Open(Path);

    /// <summary>Every byte of every file SQLite left in the folder (database, WAL, shared memory; not the empty, locked lock file).</summary>
    public byte[] AllFileBytes() =>
        [.. Directory.GetFiles(Path).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).SelectMany(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        })];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
