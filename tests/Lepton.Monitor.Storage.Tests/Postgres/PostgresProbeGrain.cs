using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>
/// Activates on the silo that calls it (so the test knows which silo holds it) and persists its value through the
/// ADO.NET grain storage named <see cref="StorageName"/>.
/// </summary>
[PreferLocalPlacement]
public sealed class PostgresProbeGrain(
    [PersistentState("probe", PostgresProbeGrain.StorageName)] IPersistentState<PostgresProbeState> state,
    ILocalSiloDetails silo) : Grain, IPostgresProbeGrain, IRemindable
{
    public const string StorageName = "pg";
    public const string ReminderName = "probe";

    public async Task WriteAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(state.State.Value);

    public Task RegisterReminderAsync() =>
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
