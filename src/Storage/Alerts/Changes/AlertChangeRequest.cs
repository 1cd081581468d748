using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// One lifecycle change to apply to an alert: <paramref name="ExpectedVersion"/> is the version the caller saw (null:
/// system changes that apply to whatever is current). <paramref name="Change"/> gets the current alert and returns it
/// changed (the same instance: nothing to do); it may throw <see cref="AlertActionException"/> to refuse.
/// <paramref name="Action"/> names the audit entry (e.g. <c>alert.acknowledged</c>); <paramref name="Actor"/> is who.
/// </summary>
public sealed record AlertChangeRequest(
    string Id,
    long? ExpectedVersion,
    string Actor,
    string Action,
    Func<Alert, Alert> Change,
    object? Details = null);
