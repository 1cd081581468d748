namespace Lepton.Monitor.Drift.Streaming;

/// <summary>A detector fed one value at a time that says when the stream's distribution has changed.</summary>
public interface IStreamingDriftDetector
{
    /// <summary>Adds a value; true when a change is detected at this value.</summary>
    bool Update(double value);

    /// <summary>Forgets everything seen so far.</summary>
    void Reset();

    /// <summary>Writes the detector's state so a grain can persist it.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Reads state written by <see cref="WriteState"/> of a detector with the same settings.</summary>
    void ReadState(BinaryReader reader);
}
