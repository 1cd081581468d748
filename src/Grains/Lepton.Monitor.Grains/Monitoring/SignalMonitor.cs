using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// The drift and fairness monitors of one (tenant, jurisdiction), owned by its grain: feeds every scored record's
/// features and production score to the <see cref="DriftMonitor"/> of the production model and every record's sensitive
/// attributes with its alerted flag to the <see cref="FairnessMonitor"/>; checks both when due; snapshots for grain state.
/// Single-threaded (grain turns). Sensitive attributes are used here only, never as model features.
/// </summary>
public sealed class SignalMonitor
{
    private const int SnapshotVersion = 1;

    private readonly SignalOptions _options;
    private readonly FeatureExtractor _extractor;
    private readonly TimeProvider _time;
    private readonly FairnessMonitor _fairness;
    private float[] _rows = new float[FeatureExtractor.FeatureCount * 64];
    private double[] _scores = new double[64];

    public SignalMonitor(SignalOptions options, string modelId, DriftReferenceSet references, FeatureExtractor extractor, TimeProvider time)
    {
        _options = options;
        _extractor = extractor;
        _time = time;
        ModelId = modelId;
        Drift = new DriftMonitor(references, options.ToDriftOptions(), time);
        _fairness = new FairnessMonitor(options.ToFairnessOptions(), time);
    }

    /// <summary>The production model whose inputs and score are watched.</summary>
    public string ModelId { get; private set; }

    public DriftMonitor Drift { get; private set; }

    public FairnessCheckResult? LastFairness { get; private set; }

    /// <summary>A new production model has another baseline: start its drift window afresh (fairness is model-independent).</summary>
    public void SwitchModel(string modelId, DriftReferenceSet references)
    {
        if (modelId == ModelId)
            return;
        ModelId = modelId;
        Drift = new DriftMonitor(references, _options.ToDriftOptions(), _time);
    }

    /// <param name="scores">The production (or canary) score of each record; records without a score are skipped by drift.</param>
    /// <param name="alerted">Ids of the records that raised a rule or model alert in this batch.</param>
    public void Observe(MonitoredRecord[] records, ModelScore[] scores, IReadOnlySet<string> alerted)
    {
        var width = FeatureExtractor.FeatureCount;
        if (_scores.Length < records.Length)
        {
            _rows = new float[records.Length * width];
            _scores = new double[records.Length];
        }
        var rows = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (i < scores.Length && scores[i].ModelVersion == ModelId)
            {
                _extractor.Extract(records[i], _rows.AsSpan(rows * width, width));
                _scores[rows++] = scores[i].Score;
            }
            _fairness.Observe(records[i].Attributes, alerted.Contains(records[i].Id));
        }
        if (rows > 0)
            Drift.ObserveBatch(_rows.AsSpan(0, rows * width), _scores.AsSpan(0, rows));
    }

    public bool Due => Drift.ShouldCheck;

    /// <summary>Runs both checks and starts the next drift window.</summary>
    public (DriftCheckResult Drift, FairnessCheckResult Fairness) Check()
    {
        var drift = Drift.Check();
        LastFairness = _fairness.Check();
        return (drift, LastFairness);
    }

    public DriftView View(string tenant, string jurisdiction) => SignalViews.ToView(tenant, jurisdiction, this);

    /// <summary>Versioned bytes: model id, drift monitor state, fairness state.</summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(SnapshotVersion);
            w.Write(ModelId);
            var drift = Drift.Snapshot();
            w.Write(drift.Length);
            w.Write(drift);
            var fairness = _fairness.Snapshot();
            w.Write(fairness.Length);
            w.Write(fairness);
        }
        return stream.ToArray();
    }

    /// <summary>Restores what <see cref="Snapshot"/> wrote; a drift window of another model (or another baseline) is not restored.</summary>
    public void Restore(byte[] snapshot)
    {
        using var r = new BinaryReader(new MemoryStream(snapshot));
        if (r.ReadInt32() != SnapshotVersion)
            return;
        var modelId = r.ReadString();
        var drift = r.ReadBytes(r.ReadInt32());
        var fairness = r.ReadBytes(r.ReadInt32());
        if (modelId == ModelId)
            Drift.Restore(drift);
        _fairness.Restore(fairness);
    }
}
