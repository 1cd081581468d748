namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Turns a measured value into an indicator score 1–4 by three ascending cut points (value below the first scores 1,
/// at or above the last scores 4), and a weighted-mean score 1.0–4.0 into a class by the fixed bands
/// [1, 1.75) low, [1.75, 2.5) medium, [2.5, 3.25) substantial, [3.25, 4] high (equal quarters of the 1–4 range).
/// </summary>
public static class ScoreBands
{
    public const decimal MediumFrom = 1.75m;
    public const decimal SubstantialFrom = 2.5m;
    public const decimal HighFrom = 3.25m;

    public static int Score(decimal value, decimal twoFrom, decimal threeFrom, decimal fourFrom)
    {
        if (!(twoFrom <= threeFrom && threeFrom <= fourFrom))
            throw new ArgumentException("cut points must ascend");
        return value >= fourFrom ? 4 : value >= threeFrom ? 3 : value >= twoFrom ? 2 : 1;
    }

    public static int ClassOf(decimal score)
    {
        if (score < 1m || score > 4m)
            throw new ArgumentOutOfRangeException(nameof(score), score, "a weighted score lies in 1..4");
        return score >= HighFrom ? 4 : score >= SubstantialFrom ? 3 : score >= MediumFrom ? 2 : 1;
    }
}
