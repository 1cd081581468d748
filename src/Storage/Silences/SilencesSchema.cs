namespace Lepton.Monitor.Storage;

/// <summary>Migration 7: the silences table (PRODUCT.md §6 /v1/silences).</summary>
internal static class SilencesSchema
{
    public static readonly Migration Migration = new(7, "silences", """
        SELECT 1; -- placeholder: filled by the silences change
        """);
}
