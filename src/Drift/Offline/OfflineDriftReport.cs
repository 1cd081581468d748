using System.Text;
using System.Text.Json;
using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Drift.Offline;

/// <summary>The result of `lepton drift`: per-column metrics, the share of drifted columns and the dataset verdict.</summary>
public sealed record OfflineDriftReport(IReadOnlyList<ColumnDriftReport> Columns, double DriftedShare, bool DatasetDrift)
{
    /// <summary>
    /// The JSON the verb prints: <c>{ "columns": { "&lt;name&gt;": { "type", "ks": {"statistic", "pValue"}, "psi",
    /// "wasserstein", "wassersteinNormed", "drifted", … } }, "driftedShare", "datasetDrift" }</c>; non-finite numbers
    /// (an empty column) are written as null.
    /// </summary>
    public string ToJson(bool indented = true)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteStartObject("columns");
            foreach (var c in Columns)
            {
                w.WriteStartObject(c.Name);
                w.WriteString("type", c.Kind == ColumnKind.Numeric ? "numeric" : "categorical");
                w.WriteNumber("referenceCount", c.ReferenceCount);
                w.WriteNumber("currentCount", c.CurrentCount);
                if (c.Ks is { } ks)
                {
                    w.WriteStartObject("ks");
                    Number(w, "statistic", ks.Statistic);
                    Number(w, "pValue", ks.PValue);
                    w.WriteEndObject();
                }
                Number(w, "psi", c.Psi);
                if (c.Wasserstein is { } wd) Number(w, "wasserstein", wd);
                if (c.WassersteinNormed is { } wn) Number(w, "wassersteinNormed", wn);
                if (c.JensenShannon is { } js) Number(w, "jensenShannon", js);
                if (c.ChiSquared is { } chi)
                {
                    w.WriteStartObject("chiSquared");
                    Number(w, "statistic", chi.Statistic);
                    w.WriteNumber("dof", chi.DegreesOfFreedom);
                    Number(w, "pValue", chi.PValue);
                    w.WriteEndObject();
                }
                w.WriteBoolean("drifted", c.Drifted);
                w.WriteStartArray("reasons");
                foreach (var reason in Enum.GetValues<DriftReasons>())
                    if (reason != DriftReasons.None && c.Reasons.HasFlag(reason))
                        w.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            Number(w, "driftedShare", DriftedShare);
            w.WriteBoolean("datasetDrift", DatasetDrift);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
