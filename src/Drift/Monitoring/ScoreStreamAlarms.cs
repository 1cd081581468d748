namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// What the streaming detectors saw on the score between two checks: detections and the 0-based position (within the
/// window) of the first one, −1 when none.
/// </summary>
public readonly record struct ScoreStreamAlarms(int AdwinDetections, long FirstAdwinRecord, int PageHinkleyDetections, long FirstPageHinkleyRecord)
{
    public static ScoreStreamAlarms None { get; } = new(0, -1, 0, -1);

    public bool Any => AdwinDetections > 0 || PageHinkleyDetections > 0;
}
