namespace Lepton.Monitor.Ingest;

/// <summary>
/// The lower-case name of each <see cref="IngestSource"/> (dead letters, metric tags, logs), made once: every submit
/// asked for it, and <c>ToString().ToLowerInvariant()</c> allocated two strings per call.
/// </summary>
internal static class IngestSourceNames
{
    // Indexed by the enum's value; the members are numbered 0..n-1.
    private static readonly string[] Names = Enum.GetValues<IngestSource>().OrderBy(s => (int)s).Select(s => s.ToString().ToLowerInvariant()).ToArray();

    public static string Of(IngestSource source) =>
        (uint)source < (uint)Names.Length ? Names[(int)source] : source.ToString().ToLowerInvariant();
}
