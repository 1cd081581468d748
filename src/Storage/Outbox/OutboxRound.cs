namespace Lepton.Monitor.Storage;

/// <summary>
/// What one publish round did. <see cref="Outage"/>: something was sent, nothing was delivered and every failure was
/// transient — the transport is down, so no event was charged an attempt and the caller should back off.
/// </summary>
public sealed record OutboxRound(int Sent, int Delivered, int Failed, int Parked, bool Outage, OutboxDepth Depth)
{
    public static OutboxRound Idle(OutboxDepth depth) => new(0, 0, 0, 0, false, depth);
}
