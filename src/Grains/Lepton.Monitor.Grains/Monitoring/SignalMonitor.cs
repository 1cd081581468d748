using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// The drift and fairness monitors of one (tenant, jurisdiction), owned by its grain: feeds every scored record's
/// monitored features and production score to the <see cref="DriftMonitor"/> of the production model and every record's
/// sensitive attributes with its alerted flag to the <see cref="FairnessMonitor"/>; checks both when due; snapshots for
/// grain state. Single-threaded (grain turns). Sensitive attributes are used here only, never as model features.
/// </summary>
public sealed class SignalMonitor
{
    private const int SnapshotVersion = 3;

    private readonly SignalOptions _options;
    private readonly FeatureExtractor _extractor;
    private readonly TimeProvider _time;
    private readonly FairnessMonitor _fairness;
    private readonly float[] _full = new float[FeatureExtractor.FeatureCount];
    private MonitoredColumns _columns;
    private ReferenceWindow? _learning;
    private double[][]? _learned;
    private float[] _rows = new float[FeatureExtractor.FeatureCount * 64];
    private double[] _scores = new double[64];
    private long _sinceCheck;
    private readonly bool _firstWindow;
    private readonly DriftEpisodeTracker _featureEpisode;

    /// <param name="firstWindow">Learn the reference from the first <see cref="SignalOptions.CheckEveryRecords"/> records instead of using the model card's.</param>
    /// <param name="tenant">Whose sensitive attributes fairness watches (<see cref="SignalOptions.SensitiveAttributesOf"/>).</param>
    public SignalMonitor(SignalOptions options, string modelId, MonitoredColumns columns, FeatureExtractor extractor, TimeProvider time, bool firstWindow = false, string? tenant = null)
    {
        _firstWindow = firstWindow;
        _options = options;
        _extractor = extractor;
        _time = time;
        _fairness = new FairnessMonitor(options.ToFairnessOptions(tenant), time);
        _featureEpisode = new DriftEpisodeTracker(options.CleanChecksToResolve);
        _columns = columns;
        ModelId = modelId;
        StartDrift();
    }

    /// <summary>The production model whose inputs and score are watched.</summary>
    public string ModelId { get; private set; }

    /// <summary>Null while a first-window reference is still being learned.</summary>
    public DriftMonitor? Drift { get; private set; }

    public IReadOnlyList<string> FeatureNames => [.. _columns.References.Features.Select(f => f.Name)];

    /// <summary>Records still needed before a first-window reference exists (0 with a card reference).</summary>
    public int ReferenceRecordsNeeded => _learning is null ? 0 : _learning.Target - _learning.Count;

    public FairnessCheckResult? LastFairness { get; private set; }

    /// <summary>A new production model has another baseline: start its drift window afresh (fairness is model-independent).</summary>
    public void SwitchModel(string modelId, MonitoredColumns columns)
    {
        if (modelId == ModelId)
            return;
        ModelId = modelId;
        _columns = columns;
        _learned = null;
        StartDrift();
    }

    /// <param name="scores">The score of each record; only scores of the watched model feed drift.</param>
    /// <param name="alerted">Ids of the records that raised a rule or model alert in this batch.</param>
    public void Observe(MonitoredRecord[] records, ModelScore[] scores, IReadOnlySet<string> alerted)
    {
        var columns = _columns.Columns;
        var width = columns.Length;
        if (_scores.Length < records.Length || _rows.Length < records.Length * width)
        {
            // Grown to a power of two of rows: batch sizes creep up, and exact growth re-allocated these (on the large
            // object heap past ~85 KB) for nearly every bigger batch, each one counting towards a gen2 collection.
            var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)records.Length);
            _rows = new float[capacity * width];
            _scores = new double[capacity];
        }
        var rows = 0;
        // Most batches raise nothing: then no record id needs hashing to learn it did not alert.
        var anyAlerted = alerted.Count > 0;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            if (i < scores.Length && scores[i].ModelVersion == ModelId)
            {
                _extractor.Extract(record, _full);
                var row = _rows.AsSpan(rows * width, width);
                for (var c = 0; c < width; c++)
                    row[c] = _full[columns[c]];
                _scores[rows++] = scores[i].Score;
            }
            _fairness.Observe(record.Attributes, anyAlerted && alerted.Contains(record.Id));
        }
        _sinceCheck += records.Length;
        if (rows == 0)
            return;
        if (_learning is null)
        {
            Drift!.ObserveBatch(_rows.AsSpan(0, rows * width), _scores.AsSpan(0, rows));
            return;
        }
        var used = 0;
        while (used < rows && !_learning.IsComplete)
        {
            _learning.Add(_rows.AsSpan(used * width, width), _scores[used]);
            used++;
        }
        if (_learning.IsComplete)
        {
            _learned = _learning.Summarize();
            _learning = null;
            Drift = new DriftMonitor(ReferenceWindow.Build(_columns, _learned), _options.ToDriftOptions(), _time);
            // The rest of the batch belongs to the first window judged against the new reference.
            if (used < rows)
                Drift.ObserveBatch(_rows.AsSpan(used * width, (rows - used) * width), _scores.AsSpan(used, rows - used));
        }
    }

    /// <summary>Drift says when (records or time); while a reference is being learned, fairness checks on its own count.</summary>
    public bool Due => Drift?.ShouldCheck ?? _sinceCheck >= _options.CheckEveryRecords;

    /// <summary>
    /// Runs both checks (drift only once it has a reference) and starts the next drift window. Besides the dataset/score
    /// episode of the drift monitor, a second episode tracks "some feature drifted", so a single drifting input alerts
    /// too, while the dataset-level alert stays reserved for half the features (or the score) moving.
    /// </summary>
    public SignalCheck Check()
    {
        _sinceCheck = 0;
        var drift = Drift?.Check();
        var featureTransition = EpisodeTransition.None;
        if (drift is not null)
        {
            var verdict = drift.Verdict == DriftVerdict.Inconclusive ? DriftVerdict.Inconclusive
                : drift.Features.Any(SignalAlerts.HasMaterialDrift) ? DriftVerdict.Drifted : DriftVerdict.Clean;
            featureTransition = _featureEpisode.Advance(verdict, drift.CheckedAt);
        }
        LastFairness = _fairness.Check();
        return new SignalCheck(drift, featureTransition, _featureEpisode.EpisodeNumber, LastFairness);
    }

    public DriftView View(string tenant, string jurisdiction) => SignalViews.ToView(tenant, jurisdiction, this);

    /// <summary>Versioned bytes: model id, learned reference (if any), drift monitor state, fairness state.</summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(SnapshotVersion);
            w.Write(ModelId);
            w.Write(_learned?.Length ?? 0);
            foreach (var column in _learned ?? [])
            {
                w.Write(column.Length);
                foreach (var v in column)
                    w.Write(v);
            }
            var drift = Drift?.Snapshot() ?? [];
            w.Write(drift.Length);
            w.Write(drift);
            var fairness = _fairness.Snapshot();
            w.Write(fairness.Length);
            w.Write(fairness);
            _featureEpisode.WriteState(w);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Restores what <see cref="Snapshot"/> wrote. Drift state of another model (or another baseline) is not restored;
    /// a first-window reference still being learned starts again (its raw values are not persisted).
    /// </summary>
    public void Restore(byte[] snapshot)
    {
        using var r = new BinaryReader(new MemoryStream(snapshot));
        if (r.ReadInt32() != SnapshotVersion)
            return;
        var modelId = r.ReadString();
        var learned = new double[r.ReadInt32()][];
        for (var c = 0; c < learned.Length; c++)
        {
            learned[c] = new double[r.ReadInt32()];
            for (var i = 0; i < learned[c].Length; i++)
                learned[c][i] = r.ReadDouble();
        }
        var drift = r.ReadBytes(r.ReadInt32());
        var fairness = r.ReadBytes(r.ReadInt32());
        _fairness.Restore(fairness);
        _featureEpisode.ReadState(r);
        if (modelId != ModelId)
            return;
        if (learned.Length > 0 && _learning is not null && learned.Length == _columns.Columns.Length + 1)
        {
            _learned = learned;
            _learning = null;
            Drift = new DriftMonitor(ReferenceWindow.Build(_columns, learned), _options.ToDriftOptions(), _time);
        }
        if (Drift is not null && drift.Length > 0)
            Drift.Restore(drift);
    }

    private void StartDrift()
    {
        if (_firstWindow)
        {
            _learning = new ReferenceWindow(_columns, _options.CheckEveryRecords);
            Drift = null;
        }
        else
        {
            _learning = null;
            Drift = new DriftMonitor(_columns.References, _options.ToDriftOptions(), _time);
        }
    }
}
