namespace Lepton.Monitor.Storage;

/// <summary>A delivery's state: waiting for its next attempt, received with a 2xx, or given up (kept, listed, replayable).</summary>
public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    public static bool IsKnown(string state) => state is Pending or Delivered or Dead;
}
