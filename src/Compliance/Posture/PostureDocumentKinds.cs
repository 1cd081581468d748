namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The kinds of posture documents in <see cref="Storage.IPostureStore"/>, and their audit actions.</summary>
public static class PostureDocumentKinds
{
    public const string DataPoints = "datapoints";
    public const string Weights = "weights";
    public const string Override = "override";

    public const string DataPointsAudit = "posture.datapoints.set";
    public const string WeightsAudit = "posture.weights.set";
    public const string OverrideAudit = "posture.override.created";
}
