using Lepton.Monitor.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Lepton.Monitor.Grains.Persistence;

/// <summary>
/// Orleans grain storage on the embedded SQLite store, so grain state (entity windows, drift summaries, the model
/// registry) survives deactivation and restarts of the single-process default. State is encoded with the Orleans
/// serializer (the same version-tolerant <c>[Id]</c> contract as grain calls); etag conflicts surface as
/// <see cref="InconsistentStateException"/>, as Orleans expects.
/// </summary>
public sealed class SqliteGrainStorage(SqliteGrainStateStore store, Serializer serializer) : IGrainStorage
{
    /// <summary>The provider name grains use in <c>[PersistentState(name, StorageName)]</c>.</summary>
    public const string StorageName = "lepton";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = store.Read(stateName, grainId.ToString());
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
        grainState.State = serializer.Deserialize<T>(stored.Payload);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        try
        {
            grainState.ETag = await store.WriteAsync(stateName, grainId.ToString(), grainState.ETag, payload).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (GrainStateConflictException e)
        {
            throw new InconsistentStateException(e.Message, e.StoredETag ?? "", e.ExpectedETag ?? "", e);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await store.ClearAsync(stateName, grainId.ToString(), grainState.ETag).ConfigureAwait(false);
        }
        catch (GrainStateConflictException e)
        {
            throw new InconsistentStateException(e.Message, e.StoredETag ?? "", e.ExpectedETag ?? "", e);
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
