namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// The draft RTS's four controls-quality classes, very good (A) to poor (D), scored 1 to 4 so that, like risk, a
/// higher score is worse and the two scales can be compared and averaged.
/// </summary>
public enum ControlQuality
{
    VeryGood = 1,
    Good = 2,
    Moderate = 3,
    Poor = 4,
}
