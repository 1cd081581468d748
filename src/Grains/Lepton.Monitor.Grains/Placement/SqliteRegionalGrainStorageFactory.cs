using Lepton.Monitor.Grains.Persistence;
using Lepton.Monitor.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// A region's grain state in its own embedded database: the store value is a folder, relative to
/// <c>Lepton:DataPath</c> unless absolute, holding that region's <c>lepton.db</c>. Owns the databases it opens.
/// </summary>
public sealed class SqliteRegionalGrainStorageFactory(string dataPath, bool createIfEmpty, Serializer serializer, TimeProvider time)
    : IRegionalGrainStorageFactory, IDisposable
{
    private readonly List<LeptonDatabase> _opened = new();

    public IGrainStorage Create(string region, string store)
    {
        var folder = Path.GetFullPath(Path.Combine(dataPath, store));
        // The silo's own store holds every unconstrained jurisdiction: a region sharing it would not be resident anywhere.
        if (string.Equals(folder.TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(dataPath).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new InvalidOperationException($"Lepton:Residency:Storage:{region} is the silo's own data folder ({folder}); give the region a folder of its own.");
        var database = LeptonDatabase.Open(folder, createIfEmpty);
        lock (_opened)
            _opened.Add(database);
        return new SqliteGrainStorage(new SqliteGrainStateStore(database, time), serializer);
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var database in _opened)
                database.Dispose();
            _opened.Clear();
        }
    }
}
