namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>Binary form of check results and history points inside a <see cref="DriftMonitor"/> snapshot.</summary>
internal static class DriftSnapshotCodec
{
    public static void Write(BinaryWriter w, DriftHistoryPoint p)
    {
        w.Write(p.CheckedAt.UtcTicks);
        w.Write(p.WindowRecords);
        w.Write(p.DriftedShare);
        w.Write(p.DatasetDrift);
        w.Write(p.Drifted);
        w.Write(p.ScorePsi);
        w.Write(p.ScoreKsPValue);
        w.Write(p.ScoreWassersteinNormed);
        w.Write7BitEncodedInt(p.FeaturePsi.Count);
        foreach (var x in p.FeaturePsi) w.Write(x);
        foreach (var x in p.FeatureWassersteinNormed) w.Write(x);
        w.Write7BitEncodedInt(p.DriftedFeatures.Count);
        foreach (var i in p.DriftedFeatures) w.Write7BitEncodedInt(i);
    }

    public static DriftHistoryPoint ReadHistoryPoint(BinaryReader r)
    {
        var at = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var records = r.ReadInt64();
        var share = r.ReadDouble();
        var dataset = r.ReadBoolean();
        var drifted = r.ReadBoolean();
        double psi = r.ReadDouble(), p = r.ReadDouble(), wn = r.ReadDouble();
        var n = CheckedCount(r.Read7BitEncodedInt());
        var fp = new float[n];
        var fw = new float[n];
        for (var i = 0; i < n; i++) fp[i] = r.ReadSingle();
        for (var i = 0; i < n; i++) fw[i] = r.ReadSingle();
        var d = new int[CheckedCount(r.Read7BitEncodedInt())];
        for (var i = 0; i < d.Length; i++) d[i] = r.Read7BitEncodedInt();
        return new DriftHistoryPoint(at, records, share, dataset, drifted, psi, p, wn, fp, fw, d);
    }

    public static void Write(BinaryWriter w, DriftCheckResult r)
    {
        w.Write(r.WindowStart.UtcTicks);
        w.Write(r.CheckedAt.UtcTicks);
        w.Write(r.WindowRecords);
        w.Write7BitEncodedInt(r.Features.Count);
        foreach (var f in r.Features) Write(w, f);
        Write(w, r.Score);
        w.Write(r.ScoreStream.AdwinDetections);
        w.Write(r.ScoreStream.FirstAdwinRecord);
        w.Write(r.ScoreStream.PageHinkleyDetections);
        w.Write(r.ScoreStream.FirstPageHinkleyRecord);
        w.Write(r.DriftedShare);
        w.Write(r.DatasetDrift);
        w.Write(r.Drifted);
        w.Write((byte)r.Verdict);
        w.Write((byte)r.Transition);
        w.Write(r.EpisodeNumber);
    }

    public static DriftCheckResult ReadResult(BinaryReader r)
    {
        var start = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var at = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var records = r.ReadInt64();
        var features = new FeatureDriftMetrics[CheckedCount(r.Read7BitEncodedInt())];
        for (var i = 0; i < features.Length; i++) features[i] = ReadMetrics(r);
        var score = ReadMetrics(r);
        var alarms = new ScoreStreamAlarms(r.ReadInt32(), r.ReadInt64(), r.ReadInt32(), r.ReadInt64());
        return new DriftCheckResult(start, at, records, features, score, alarms, r.ReadDouble(), r.ReadBoolean(), r.ReadBoolean(),
            (DriftVerdict)r.ReadByte(), (EpisodeTransition)r.ReadByte(), r.ReadInt64());
    }

    private static void Write(BinaryWriter w, FeatureDriftMetrics m)
    {
        w.Write(m.Name);
        w.Write((byte)m.Kind);
        w.Write(m.Records);
        w.Write(m.Missing);
        w.Write(m.KsStatistic);
        w.Write(m.KsPValue);
        w.Write(m.KsMaxError);
        w.Write(m.Psi);
        w.Write(m.Wasserstein);
        w.Write(m.WassersteinNormed);
        w.Write(m.WassersteinMaxError);
        w.Write(m.JensenShannon);
        w.Write(m.CurrentMean);
        w.Write(m.ReferenceMean);
        w.Write(m.Drifted);
        w.Write((int)m.Reasons);
    }

    private static FeatureDriftMetrics ReadMetrics(BinaryReader r) => new(
        r.ReadString(), (ColumnKind)r.ReadByte(), r.ReadInt64(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
        r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
        r.ReadBoolean(), (DriftReasons)r.ReadInt32());

    private static int CheckedCount(int n) => n is >= 0 and <= 1_000_000 ? n : throw new InvalidDataException("implausible length in drift snapshot");
}
