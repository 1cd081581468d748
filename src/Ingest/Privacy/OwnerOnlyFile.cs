namespace Lepton.Monitor.Ingest;

/// <summary>
/// Writes secrets to files only their owner can read (0600 on Unix), created with that mode so there is no moment
/// when the file exists with the umask's wider permissions.
/// </summary>
public static class OwnerOnlyFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (fails if it exists) with <paramref name="text"/>.</summary>
    public static void WriteNew(string path, string text) => Write(path, text, FileMode.CreateNew);

    /// <summary>Creates or replaces <paramref name="path"/>; an existing file is narrowed to 0600 before it is written.</summary>
    public static void WriteOrReplace(string path, string text)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
            File.SetUnixFileMode(path, Mode);
        Write(path, text, FileMode.Create);
    }

    private static void Write(string path, string text, FileMode fileMode)
    {
        var options = new FileStreamOptions { Mode = fileMode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = Mode;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
