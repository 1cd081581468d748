using Orleans.Storage;

namespace Lepton.Monitor.Grains.Placement;

/// <summary>
/// Opens the grain storage of one region from its configured store (<c>Lepton:Residency:Storage:&lt;region&gt;</c>):
/// a folder for the embedded SQLite store; a connection string for a database-backed store. Storages are opened on
/// first use, after the silo started: what this returns must be ready to use (no silo lifecycle stage will run for it).
/// </summary>
public interface IRegionalGrainStorageFactory
{
    IGrainStorage Create(string region, string store);
}
