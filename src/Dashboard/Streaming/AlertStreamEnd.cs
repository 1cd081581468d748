namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>Why <see cref="AlertStreamSession.RunAsync"/> returned.</summary>
public enum AlertStreamEnd
{
    /// <summary>The client went away or the server is stopping (the cancellation token fired).</summary>
    Stopped,

    /// <summary>A write and flush did not complete within <see cref="AlertStreamOptions.SlowClientTimeout"/>: cut off.</summary>
    SlowClient,

    /// <summary>The connection fell more than <see cref="AlertStreamOptions.MaxLag"/> events behind the head: cut off.</summary>
    FellBehind,
}
