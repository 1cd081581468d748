using Lepton.Monitor.Drift.Streaming;
using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>
/// Drift monitoring for one tenant+jurisdiction, held by its grain: every scored record's features and score go into
/// fixed-bin histograms (memory fixed by the references, not by traffic); when <see cref="ShouldCheck"/> says so the
/// grain calls <see cref="Check"/>, which compares the window with the references, decides feature, score and dataset
/// drift, advances the alert episode and starts a new window (tumbling windows). ADWIN and Page–Hinkley watch every
/// score in between, so a sudden score shift is caught even inside a window. Not thread-safe: a grain is single-threaded.
/// </summary>
public sealed class DriftMonitor
{
    private const int SnapshotMagic = 0x4D44544C; // "LTDM"
    private const byte SnapshotVersion = 1;

    private readonly FixedBinHistogram[] _features;
    private readonly FixedBinHistogram _score;
    private readonly AdwinDetector _adwin;
    private readonly PageHinkleyDetector _pageHinkley;
    private readonly DriftEpisodeTracker _episodes;
    private readonly DriftHistory _history;
    private readonly TimeProvider _time;
    private DateTimeOffset _windowStart;
    private long _windowRecords;
    private int _adwinDetections;
    private long _firstAdwin = -1;
    private int _pageHinkleyDetections;
    private long _firstPageHinkley = -1;

    public DriftMonitor(DriftReferenceSet references, DriftMonitorOptions? options = null, TimeProvider? time = null)
    {
        References = references ?? throw new ArgumentNullException(nameof(references));
        Options = options ?? new DriftMonitorOptions();
        _time = time ?? TimeProvider.System;
        _features = [.. references.FeatureLayouts.Select(l => new FixedBinHistogram(l))];
        _score = new FixedBinHistogram(references.ScoreLayout);
        _adwin = new AdwinDetector(Options.AdwinDelta);
        _pageHinkley = new PageHinkleyDetector(Options.PageHinkleyDelta, Options.PageHinkleyThreshold,
            Options.PageHinkleyMinInstances, Options.PageHinkleyAlpha, Options.PageHinkleyDirection);
        _episodes = new DriftEpisodeTracker(Options.CleanChecksToResolve);
        _history = new DriftHistory(Options.HistoryCapacity);
        _windowStart = _time.GetUtcNow();
    }

    /// <summary>Convenience: builds its own <see cref="DriftReferenceSet"/> (share one across monitors where possible).</summary>
    public DriftMonitor(IReadOnlyList<FeatureReference> features, ReferenceDistribution score, DriftMonitorOptions? options = null, TimeProvider? time = null)
        : this(new DriftReferenceSet(features, score, (options ?? new DriftMonitorOptions()).HistogramSubBins), options, time)
    {
    }

    public DriftReferenceSet References { get; }
    public DriftMonitorOptions Options { get; }

    public int FeatureCount => _features.Length;

    /// <summary>Records in the current window.</summary>
    public long WindowRecords => _windowRecords;

    public DateTimeOffset WindowStart => _windowStart;

    /// <summary>The latest check, shown as "current" by `GET /v1/drift`.</summary>
    public DriftCheckResult? LastResult { get; private set; }

    /// <summary>Check traces, oldest first, at most <see cref="DriftMonitorOptions.HistoryCapacity"/>.</summary>
    public IReadOnlyList<DriftHistoryPoint> History => _history.ToList();

    public DriftEpisodeTracker Episode => _episodes;

    /// <summary>Bytes of window state (histogram counters), constant for a reference set.</summary>
    public int SummaryMemoryBytes => _features.Sum(f => f.MemoryBytes) + _score.MemoryBytes;

    /// <summary>
    /// True once the window holds <see cref="DriftMonitorOptions.CheckEveryRecords"/> records, or
    /// <see cref="DriftMonitorOptions.CheckInterval"/> has passed and it holds enough records to decide.
    /// </summary>
    public bool ShouldCheck =>
        _windowRecords >= Options.CheckEveryRecords ||
        (_windowRecords >= Options.MinimumRecordsForDecision && _time.GetUtcNow() - _windowStart >= Options.CheckInterval);

    /// <summary>Adds one record: its feature vector (in the reference set's feature order) and its model score.</summary>
    public void Observe(ReadOnlySpan<float> featureRow, double score)
    {
        if (featureRow.Length != _features.Length)
            throw new ArgumentException($"expected {_features.Length} features, got {featureRow.Length}", nameof(featureRow));
        for (var f = 0; f < _features.Length; f++)
            _features[f].Add(featureRow[f]);
        ObserveScore(score);
    }

    /// <summary>
    /// Adds a batch: <paramref name="rows"/> is row-major (rows × features, the layout a model's input tensor already has)
    /// and <paramref name="scores"/> has one score per row. Feature-major traversal keeps each histogram hot in cache.
    /// </summary>
    public void ObserveBatch(ReadOnlySpan<float> rows, ReadOnlySpan<double> scores)
    {
        ObserveRows(rows, scores.Length);
        foreach (var s in scores)
            ObserveScore(s);
    }

    /// <summary>As <see cref="ObserveBatch(ReadOnlySpan{float}, ReadOnlySpan{double})"/> for scores straight from a float output tensor.</summary>
    public void ObserveBatch(ReadOnlySpan<float> rows, ReadOnlySpan<float> scores)
    {
        ObserveRows(rows, scores.Length);
        foreach (var s in scores)
            ObserveScore(s);
    }

    private void ObserveRows(ReadOnlySpan<float> rows, int count)
    {
        var width = _features.Length;
        if (rows.Length != count * width)
            throw new ArgumentException($"expected {count} rows × {width} features = {count * width} values, got {rows.Length}", nameof(rows));
        for (var f = 0; f < width; f++)
        {
            var histogram = _features[f];
            for (var i = f; i < rows.Length; i += width)
                histogram.Add(rows[i]);
        }
    }

    private void ObserveScore(double score)
    {
        _score.Add(score);
        if (Options.StreamingDetectors && double.IsFinite(score))
        {
            if (_adwin.Update(score) && _adwinDetections++ == 0)
                _firstAdwin = _windowRecords;
            if (_pageHinkley.Update(score) && _pageHinkleyDetections++ == 0)
                _firstPageHinkley = _windowRecords;
        }
        _windowRecords++;
    }

    /// <summary>Compares the window with the references, records the result, advances the episode and opens a new window.</summary>
    public DriftCheckResult Check()
    {
        var now = _time.GetUtcNow();
        var records = _windowRecords;
        var features = new FeatureDriftMetrics[_features.Length];
        var drifted = 0;
        for (var f = 0; f < _features.Length; f++)
        {
            features[f] = Evaluate(References.Features[f].Name, _features[f], ScoreStreamAlarms.None, Options.KsPValueThreshold);
            if (features[f].Drifted) drifted++;
        }
        var alarms = new ScoreStreamAlarms(_adwinDetections, _firstAdwin, _pageHinkleyDetections, _firstPageHinkley);
        var score = Evaluate("score", _score, alarms, Options.ScoreKsPValueThreshold);
        var share = _features.Length == 0 ? 0 : drifted / (double)_features.Length;
        var enough = records >= Options.MinimumRecordsForDecision;
        var datasetDrift = enough && _features.Length > 0 && share >= Options.DatasetDriftShare;
        var isDrifted = datasetDrift || score.Drifted;
        var verdict = isDrifted ? DriftVerdict.Drifted : enough ? DriftVerdict.Clean : DriftVerdict.Inconclusive;
        var transition = _episodes.Advance(verdict, now);
        var result = new DriftCheckResult(_windowStart, now, records, features, score, alarms, share, datasetDrift, isDrifted,
            verdict, transition, _episodes.EpisodeNumber);
        _history.Add(ToHistoryPoint(result));
        LastResult = result;
        StartWindow(now);
        return result;
    }

    private FeatureDriftMetrics Evaluate(string name, FixedBinHistogram histogram, ScoreStreamAlarms alarms, double ksLevel)
    {
        var m = SummaryComparison.Compare(histogram);
        var reference = histogram.Layout.Reference;
        var kind = reference.IsDiscrete ? ColumnKind.Categorical : ColumnKind.Numeric;
        var reasons = DriftReasons.None;
        if (m.Records >= Options.MinimumRecordsForDecision)
        {
            if (m.Psi >= Options.PsiThreshold) reasons |= DriftReasons.Psi;
            if (kind == ColumnKind.Numeric)
            {
                if (m.Records >= Options.KsMinimumRecords && m.KsPValue < ksLevel) reasons |= DriftReasons.KolmogorovSmirnov;
                if (m.WassersteinNormed >= Options.WassersteinNormedThreshold) reasons |= DriftReasons.Wasserstein;
            }
            else if (m.JensenShannon >= Options.JensenShannonThreshold)
                reasons |= DriftReasons.JensenShannon;
        }
        if (alarms.AdwinDetections > 0) reasons |= DriftReasons.Adwin;
        if (alarms.PageHinkleyDetections > 0) reasons |= DriftReasons.PageHinkley;
        return new FeatureDriftMetrics(name, kind, m.Records, histogram.Missing, m.KsStatistic, m.KsPValue, m.KsMaxError, m.Psi,
            m.Wasserstein, m.WassersteinNormed, m.WassersteinMaxError, m.JensenShannon, m.CurrentMean, reference.Mean,
            reasons != DriftReasons.None, reasons) { Bins = m.Bins };
    }

    private static DriftHistoryPoint ToHistoryPoint(DriftCheckResult r)
    {
        var psi = new float[r.Features.Count];
        var wn = new float[r.Features.Count];
        var drifted = new List<int>();
        for (var i = 0; i < r.Features.Count; i++)
        {
            psi[i] = (float)r.Features[i].Psi;
            wn[i] = (float)r.Features[i].WassersteinNormed;
            if (r.Features[i].Drifted) drifted.Add(i);
        }
        return new DriftHistoryPoint(r.CheckedAt, r.WindowRecords, r.DriftedShare, r.DatasetDrift, r.Drifted, r.Score.Psi,
            r.Score.KsPValue, r.Score.WassersteinNormed, psi, wn, drifted);
    }

    private void StartWindow(DateTimeOffset now)
    {
        foreach (var h in _features) h.Clear();
        _score.Clear();
        _windowRecords = 0;
        _windowStart = now;
        _adwinDetections = _pageHinkleyDetections = 0;
        _firstAdwin = _firstPageHinkley = -1;
    }

    /// <summary>
    /// The monitor's whole state (window counters, detectors, episode, history, last result) as compact versioned bytes
    /// for the grain's persistent state; typically a few KB (counters are 7-bit varints).
    /// </summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(SnapshotMagic);
            w.Write(SnapshotVersion);
            w.Write(References.Fingerprint);
            w.Write(_windowStart.UtcTicks);
            w.Write(_windowRecords);
            foreach (var h in _features) h.WriteState(w);
            _score.WriteState(w);
            _adwin.WriteState(w);
            _pageHinkley.WriteState(w);
            w.Write(_adwinDetections);
            w.Write(_firstAdwin);
            w.Write(_pageHinkleyDetections);
            w.Write(_firstPageHinkley);
            _episodes.WriteState(w);
            var history = _history.ToList();
            w.Write(history.Count);
            foreach (var p in history) DriftSnapshotCodec.Write(w, p);
            w.Write(LastResult is not null);
            if (LastResult is not null) DriftSnapshotCodec.Write(w, LastResult);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Restores a <see cref="Snapshot"/>. Returns false, leaving the monitor untouched, when the snapshot was taken under
    /// other references (a new model version): the grain then simply starts fresh. Throws
    /// <see cref="InvalidDataException"/> for bytes that are not a snapshot of a known version.
    /// </summary>
    public bool Restore(ReadOnlySpan<byte> snapshot)
    {
        using var stream = new MemoryStream(snapshot.ToArray(), writable: false);
        using var r = new BinaryReader(stream);
        try
        {
            if (r.ReadInt32() != SnapshotMagic)
                throw new InvalidDataException("not a drift monitor snapshot");
            var version = r.ReadByte();
            if (version != SnapshotVersion)
                throw new InvalidDataException($"drift monitor snapshot version {version} is not supported (expected {SnapshotVersion})");
            if (r.ReadUInt64() != References.Fingerprint)
                return false;
            try
            {
                _windowStart = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
                _windowRecords = r.ReadInt64();
                foreach (var h in _features) h.ReadState(r);
                _score.ReadState(r);
                _adwin.ReadState(r);
                _pageHinkley.ReadState(r);
                _adwinDetections = r.ReadInt32();
                _firstAdwin = r.ReadInt64();
                _pageHinkleyDetections = r.ReadInt32();
                _firstPageHinkley = r.ReadInt64();
                _episodes.ReadState(r);
                _history.Clear();
                var count = r.ReadInt32();
                for (var i = 0; i < count; i++) _history.Add(DriftSnapshotCodec.ReadHistoryPoint(r));
                LastResult = r.ReadBoolean() ? DriftSnapshotCodec.ReadResult(r) : null;
                return true;
            }
            catch
            {
                Reset();
                throw;
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("drift monitor snapshot is truncated", e);
        }
    }

    /// <summary>Forgets the window, detectors, episode and history.</summary>
    public void Reset()
    {
        StartWindow(_time.GetUtcNow());
        _adwin.Reset();
        _pageHinkley.Reset();
        _history.Clear();
        _episodes.Reset();
        LastResult = null;
    }
}
