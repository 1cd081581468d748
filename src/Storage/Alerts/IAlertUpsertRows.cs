using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What <see cref="AlertUpsertGroup"/> reads and writes, so one upsert algorithm serves both backends: SQLite runs
/// each call as a prepared statement (<see cref="AlertWriteStatements"/>); PostgreSQL answers the reads from rows it
/// fetched (and locked) for the whole batch up front and sends the writes as one batch (<see cref="PostgresAlertUpsertRows"/>).
/// </summary>
internal interface IAlertUpsertRows
{
    /// <summary>True when the record already counted in an alert of this tenant and fingerprint (open or not).</summary>
    bool AlreadyAlerted(AlertCandidate candidate);

    /// <summary>The active (not resolved) alert of (tenant, fingerprint), or null.</summary>
    Alert? FindOpen(string tenant, string fingerprint);

    void Insert(Alert alert);

    /// <summary>Stores what absorbing candidates changes.</summary>
    void UpdateCounts(Alert alert);

    void Link(string alertId, string recordId);

    /// <summary>Keeps <paramref name="record"/> as evidence of the alert (a replayed one is ignored).</summary>
    void WriteEvidence(string alertId, AlertCandidate candidate, MonitoredRecord record);
}
