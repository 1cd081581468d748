using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>Alert equality by content: record equality compares the arrays inside by reference.</summary>
public sealed class AlertComparer : IEqualityComparer<Alert?>
{
    public static readonly AlertComparer Instance = new();

    public bool Equals(Alert? x, Alert? y)
    {
        if (x is null || y is null)
            return x is null && y is null;
        var explanationX = x.Explanation;
        var explanationY = y.Explanation;
        return x with { RecordIds = [], Comments = [], Explanation = null! } == y with { RecordIds = [], Comments = [], Explanation = null! }
            && x.RecordIds.SequenceEqual(y.RecordIds)
            && x.Comments.SequenceEqual(y.Comments)
            && explanationX.Summary == explanationY.Summary
            && explanationX.Rule == explanationY.Rule
            && explanationX.Values.Select(v => (v.Name, Value: Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture), v.Op))
                .SequenceEqual(explanationY.Values.Select(v => (v.Name, Value: Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture), v.Op)))
            && (explanationX.Model is null) == (explanationY.Model is null)
            && (explanationX.Model is null || explanationX.Model.Contributions.SequenceEqual(explanationY.Model!.Contributions));
    }

    public int GetHashCode(Alert? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
}
