using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>A real embedded store (SQLite, every migration applied) in a fresh temp folder, deleted afterwards.</summary>
internal sealed class PostureTempStore : IDisposable
{
    public PostureTempStore()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lepton-compliance-" + Guid.NewGuid().ToString("N"));
        Db = LeptonDatabase.Open(Path, createIfEmpty: true);
    }

    public string Path { get; }
    public LeptonDatabase Db { get; }

    public void Dispose()
    {
        Db.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
