using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Turns a created or changed alert into the message the alert topic carries. The alert store calls it inside the
/// transaction that persists the alert, so an alert and its outbox message are durable together or not at all.
/// </summary>
public interface IAlertChangeEncoder
{
    /// <param name="type">The change: one of <see cref="AlertEventTypes"/>.</param>
    OutboxMessage Encode(Alert alert, string type, DateTimeOffset now);
}
