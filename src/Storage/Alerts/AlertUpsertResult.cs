using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What an upsert changed, for publishing: alerts opened, alerts that absorbed candidates (final state, each
/// once), and how many candidates changed nothing because their record id was already in that alert.
/// </summary>
public sealed record AlertUpsertResult(IReadOnlyList<Alert> Created, IReadOnlyList<Alert> Updated, int Unchanged);
