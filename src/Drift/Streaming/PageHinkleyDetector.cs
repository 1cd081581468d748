namespace Lepton.Monitor.Drift.Streaming;

/// <summary>
/// Page–Hinkley test for a change in the mean of a stream (Page 1954), as river.drift.PageHinkley: cumulative deviations
/// from the running mean, faded by <see cref="Alpha"/>, minus a tolerance <see cref="Delta"/>; drift when the sum has
/// risen more than <see cref="Threshold"/> above its minimum (up) or fallen that far below its maximum (down). O(1)
/// memory and time per value; it resets itself after a detection, as river does. Unlike river (whose default is both),
/// the default direction is <see cref="PageHinkleyDirection.Up"/>: for model scores only a rise means more risk missed.
/// </summary>
public sealed class PageHinkleyDetector(
    double delta = 0.005,
    double threshold = 50,
    int minInstances = 30,
    double alpha = 1 - 0.0001,
    PageHinkleyDirection direction = PageHinkleyDirection.Up) : IStreamingDriftDetector
{
    private long _n;
    private double _mean;
    private double _sumIncrease;
    private double _sumDecrease;
    private double _minIncrease = double.PositiveInfinity;
    private double _maxDecrease = double.NegativeInfinity;
    private bool _detected;

    public double Delta { get; } = delta;
    public double Threshold { get; } = threshold;
    public int MinInstances { get; } = minInstances;
    public double Alpha { get; } = alpha;
    public PageHinkleyDirection Direction { get; } = direction;

    /// <summary>Values seen since the last reset.</summary>
    public long Count => _n;

    public bool Update(double value)
    {
        if (_detected)
            Reset();
        _n++;
        _mean += (value - _mean) / _n;
        var deviation = value - _mean;
        _sumIncrease = Alpha * _sumIncrease + deviation - Delta;
        _sumDecrease = Alpha * _sumDecrease + deviation + Delta;
        _minIncrease = Math.Min(_minIncrease, _sumIncrease);
        _maxDecrease = Math.Max(_maxDecrease, _sumDecrease);
        if (_n < MinInstances)
            return false;
        var up = _sumIncrease - _minIncrease > Threshold;
        var down = _maxDecrease - _sumDecrease > Threshold;
        _detected = Direction switch
        {
            PageHinkleyDirection.Up => up,
            PageHinkleyDirection.Down => down,
            _ => up || down,
        };
        return _detected;
    }

    public void Reset()
    {
        _n = 0;
        _mean = 0;
        _sumIncrease = 0;
        _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;
        _maxDecrease = double.NegativeInfinity;
        _detected = false;
    }

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_n);
        writer.Write(_mean);
        writer.Write(_sumIncrease);
        writer.Write(_sumDecrease);
        writer.Write(_minIncrease);
        writer.Write(_maxDecrease);
        writer.Write(_detected);
    }

    public void ReadState(BinaryReader reader)
    {
        _n = reader.ReadInt64();
        _mean = reader.ReadDouble();
        _sumIncrease = reader.ReadDouble();
        _sumDecrease = reader.ReadDouble();
        _minIncrease = reader.ReadDouble();
        _maxDecrease = reader.ReadDouble();
        _detected = reader.ReadBoolean();
    }
}
