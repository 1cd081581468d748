namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The four inherent/residual risk classes of the AMLA draft RTS (Art. 40(2) AMLD), scored 1 to 4.</summary>
public enum RiskClass
{
    Low = 1,
    Medium = 2,
    Substantial = 3,
    High = 4,
}
