using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Drift.Fairness;

/// <summary>
/// Alert-rate fairness for one tenant+jurisdiction: for each configured sensitive attribute (a record's
/// <c>attributes</c>, e.g. ageBand → "25-34"; <see cref="FairnessMonitorOptions.SensitiveAttributes"/>, others ignored)
/// it counts records and alerted records per group over a sliding window, and flags the attribute when the lowest
/// eligible group's alert rate is under four-fifths of the highest's (the EEOC four-fifths rule applied to alert rates)
/// and the gap is significant by a two-proportion z-test (<see cref="FairnessMonitorOptions.MinimumZScore"/>). One
/// <see cref="DriftEpisodeTracker"/> per attribute gives one alert per episode. Memory is bounded by MaxAttributes ×
/// MaxGroupsPerAttribute × Buckets counters. Not thread-safe: a grain is single-threaded.
/// </summary>
public sealed class FairnessMonitor
{
    /// <summary>Group that pools values beyond <see cref="FairnessMonitorOptions.MaxGroupsPerAttribute"/>.</summary>
    public const string OtherGroup = "(other)";

    private const int SnapshotMagic = 0x4D46544C; // "LTFM"
    private const byte SnapshotVersion = 1;

    // 80/1000 over 100/1000 is 0.7999999999999999 in binary floating point; a ratio exactly at the limit is no finding.
    private const double RatioTolerance = 1e-12;

    private readonly TimeProvider _time;
    private readonly HashSet<string> _sensitive;
    private readonly List<AttributeCounts> _attributes = [];
    private long _bucketId;
    private long _recordsInBucket;

    public FairnessMonitor(FairnessMonitorOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new FairnessMonitorOptions();
        if (Options.Buckets < 1 || Options.MaxGroupsPerAttribute < 2 || Options.WindowRecords < Options.Buckets || Options.Window <= TimeSpan.Zero)
            throw new ArgumentException("fairness window needs ≥ 1 bucket, ≥ 2 groups, a window of at least one record per bucket and a positive span");
        _time = time ?? TimeProvider.System;
        _sensitive = new HashSet<string>(Options.SensitiveAttributes ?? [], StringComparer.OrdinalIgnoreCase);
        _bucketId = Options.WindowKind == FairnessWindowKind.Time ? TimeBucket(_time.GetUtcNow()) : 0;
    }

    public FairnessMonitorOptions Options { get; }

    /// <summary>Adds one record: its attributes (may be empty; only the sensitive ones count) and whether it raised an alert.</summary>
    public void Observe(IEnumerable<KeyValuePair<string, string>>? attributes, bool alerted)
    {
        // A count window needs no clock: reading it per record cost more than the counting (it is only read when used).
        if (Options.WindowKind == FairnessWindowKind.Time)
            Advance(_time.GetUtcNow());
        else
            AdvanceByCount();
        var slot = (int)(_bucketId % Options.Buckets);
        // Records carry a Dictionary: enumerated as one, its struct enumerator is not boxed (once per record per monitor).
        if (attributes is Dictionary<string, string> map)
        {
            foreach (var (name, value) in map)
                Count(name, value, slot, alerted);
        }
        else if (attributes is not null)
        {
            foreach (var (name, value) in attributes)
                Count(name, value, slot, alerted);
        }
        _recordsInBucket++;
    }

    private void Count(string name, string? value, int slot, bool alerted)
    {
        if (!_sensitive.Contains(name))
            return;
        var counts = Find(name);
        if (counts is null)
            return;
        var g = counts.GroupIndex(value ?? "", Options.MaxGroupsPerAttribute);
        counts.Records[slot, g]++;
        if (alerted) counts.Alerted[slot, g]++;
    }

    /// <summary>Rates, the four-fifths rule and episode transitions for every attribute seen.</summary>
    public FairnessCheckResult Check()
    {
        var now = _time.GetUtcNow();
        Advance(now);
        var results = new List<AttributeFairness>(_attributes.Count);
        long window = 0;
        foreach (var a in _attributes)
        {
            var groups = new List<GroupAlertRate>(a.Names.Count);
            for (var g = 0; g < a.Names.Count; g++)
            {
                long records = 0, alerted = 0;
                for (var b = 0; b < Options.Buckets; b++)
                {
                    records += a.Records[b, g];
                    alerted += a.Alerted[b, g];
                }
                if (records == 0) continue;
                groups.Add(new GroupAlertRate(a.Names[g], records, alerted, alerted / (double)records, records >= Options.MinimumRecordsPerGroup));
            }
            window = Math.Max(window, groups.Sum(x => x.Records));
            var eligible = groups.Where(x => x.Eligible).ToList();
            GroupAlertRate? lowest = null, highest = null;
            double ratio = 1, difference = 0, z = 0;
            if (eligible.Count >= 2)
            {
                lowest = eligible.MinBy(x => x.Rate);
                highest = eligible.MaxBy(x => x.Rate);
                difference = highest!.Rate - lowest!.Rate;
                ratio = highest.Rate > 0 ? lowest.Rate / highest.Rate : 1;
                z = TwoProportionZ(highest, lowest!);
            }
            var belowFourFifths = eligible.Count >= 2 && ratio < Options.MinimumRateRatio - RatioTolerance;
            var finding = belowFourFifths && z >= Options.MinimumZScore;
            // Under four-fifths but within chance: no evidence either way, so it neither starts nor ends an episode.
            var verdict = finding ? DriftVerdict.Drifted
                : belowFourFifths ? DriftVerdict.Inconclusive
                : eligible.Count >= 2 ? DriftVerdict.Clean : DriftVerdict.Inconclusive;
            var transition = a.Episode.Advance(verdict, now);
            results.Add(new AttributeFairness(a.Name, groups, lowest, highest, ratio, difference, finding, transition, a.Episode.EpisodeNumber) { ZScore = z });
        }
        return new FairnessCheckResult(now, window, results);
    }

    /// <summary>
    /// Pooled two-proportion z statistic of <paramref name="high"/>'s alert rate over <paramref name="low"/>'s:
    /// (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ the pooled rate; 0 when the pooled rate is 0 or 1 (no variance).
    /// </summary>
    public static double TwoProportionZ(GroupAlertRate high, GroupAlertRate low)
    {
        var n1 = (double)high.Records;
        var n2 = (double)low.Records;
        if (n1 <= 0 || n2 <= 0)
            return 0;
        var pooled = (high.Alerted + low.Alerted) / (n1 + n2);
        var variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        return variance > 0 ? (high.Rate - low.Rate) / Math.Sqrt(variance) : 0;
    }

    private AttributeCounts? Find(string name)
    {
        foreach (var a in _attributes)
            if (a.Name == name) return a;
        if (_attributes.Count >= Options.MaxAttributes)
            return null;
        var created = new AttributeCounts(name, Options.Buckets, Options.MaxGroupsPerAttribute, Options.CleanChecksToResolve);
        _attributes.Add(created);
        return created;
    }

    private void Advance(DateTimeOffset now)
    {
        if (Options.WindowKind == FairnessWindowKind.Time)
            AdvanceTo(TimeBucket(now));
        else
            AdvanceByCount();
    }

    private void AdvanceByCount()
    {
        var perBucket = Options.WindowRecords / Options.Buckets;
        if (_recordsInBucket >= perBucket)
            AdvanceTo(_bucketId + 1);
    }

    private void AdvanceTo(long target)
    {
        if (target <= _bucketId)
            return;
        var steps = Math.Min(target - _bucketId, Options.Buckets);
        for (long s = 1; s <= steps; s++)
        {
            var slot = (int)((target - steps + s) % Options.Buckets);
            foreach (var a in _attributes) a.ClearBucket(slot);
        }
        _bucketId = target;
        _recordsInBucket = 0;
    }

    private long TimeBucket(DateTimeOffset now) => now.UtcTicks / Math.Max(Options.Window.Ticks / Options.Buckets, 1);

    /// <summary>Compact versioned state for the grain.</summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(SnapshotMagic);
            w.Write(SnapshotVersion);
            w.Write(Options.Buckets);
            w.Write(Options.MaxGroupsPerAttribute);
            w.Write(_bucketId);
            w.Write(_recordsInBucket);
            w.Write(_attributes.Count);
            foreach (var a in _attributes)
            {
                w.Write(a.Name);
                a.Episode.WriteState(w);
                w.Write(a.Names.Count);
                for (var g = 0; g < a.Names.Count; g++)
                {
                    w.Write(a.Names[g]);
                    for (var b = 0; b < Options.Buckets; b++)
                    {
                        w.Write7BitEncodedInt64(a.Records[b, g]);
                        w.Write7BitEncodedInt64(a.Alerted[b, g]);
                    }
                }
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Restores a <see cref="Snapshot"/>; false (nothing changed) when it was taken with another bucket count or group
    /// limit; <see cref="InvalidDataException"/> for bytes that are not a snapshot.
    /// </summary>
    public bool Restore(ReadOnlySpan<byte> snapshot)
    {
        using var r = new BinaryReader(new MemoryStream(snapshot.ToArray(), writable: false));
        try
        {
            if (r.ReadInt32() != SnapshotMagic)
                throw new InvalidDataException("not a fairness monitor snapshot");
            var version = r.ReadByte();
            if (version != SnapshotVersion)
                throw new InvalidDataException($"fairness monitor snapshot version {version} is not supported (expected {SnapshotVersion})");
            if (r.ReadInt32() != Options.Buckets || r.ReadInt32() != Options.MaxGroupsPerAttribute)
                return false;
            var bucketId = r.ReadInt64();
            var inBucket = r.ReadInt64();
            var count = r.ReadInt32();
            if (count < 0 || count > Options.MaxAttributes)
                throw new InvalidDataException("fairness snapshot: implausible attribute count");
            var attributes = new List<AttributeCounts>(count);
            for (var i = 0; i < count; i++)
            {
                var a = new AttributeCounts(r.ReadString(), Options.Buckets, Options.MaxGroupsPerAttribute, Options.CleanChecksToResolve);
                a.Episode.ReadState(r);
                var groups = r.ReadInt32();
                if (groups < 0 || groups > Options.MaxGroupsPerAttribute)
                    throw new InvalidDataException("fairness snapshot: implausible group count");
                for (var g = 0; g < groups; g++)
                {
                    a.Names.Add(r.ReadString());
                    for (var b = 0; b < Options.Buckets; b++)
                    {
                        a.Records[b, g] = r.Read7BitEncodedInt64();
                        a.Alerted[b, g] = r.Read7BitEncodedInt64();
                    }
                }
                // An attribute no longer configured as sensitive is dropped, not watched from the old state.
                if (_sensitive.Contains(a.Name))
                    attributes.Add(a);
            }
            _attributes.Clear();
            _attributes.AddRange(attributes);
            _bucketId = bucketId;
            _recordsInBucket = inBucket;
            return true;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("fairness monitor snapshot is truncated", e);
        }
    }

    /// <summary>Counters of one attribute: [bucket, group], the last group pooling overflow values.</summary>
    private sealed class AttributeCounts(string name, int buckets, int maxGroups, int cleanChecks)
    {
        public string Name { get; } = name;
        public List<string> Names { get; } = [];
        public long[,] Records { get; } = new long[buckets, maxGroups];
        public long[,] Alerted { get; } = new long[buckets, maxGroups];
        public DriftEpisodeTracker Episode { get; } = new(cleanChecks);

        public int GroupIndex(string value, int max)
        {
            for (var i = 0; i < Names.Count; i++)
                if (Names[i] == value) return i;
            if (Names.Count < max - 1)
            {
                Names.Add(value);
                return Names.Count - 1;
            }
            if (Names.Count == max - 1)
                Names.Add(OtherGroup);
            return max - 1;
        }

        public void ClearBucket(int slot)
        {
            for (var g = 0; g < Records.GetLength(1); g++)
            {
                Records[slot, g] = 0;
                Alerted[slot, g] = 0;
            }
        }
    }
}
