namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Finds infra/local/cluster.sh: given explicitly, or in the first folder upward from each start folder that has it.</summary>
public static class ClusterScriptLocator
{
    public static readonly string RelativePath = Path.Combine("infra", "local", "cluster.sh");

    /// <summary>The script's full path, or null when <paramref name="explicitPath"/> is unset and no start folder leads to one.</summary>
    public static string? Find(string? explicitPath, IEnumerable<string> startFolders, Func<string, bool> fileExists)
    {
        if (explicitPath is not null)
            return fileExists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        foreach (var start in startFolders)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, RelativePath);
                if (fileExists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>The bench's defaults: the current folder (a checkout), then the program's folder (src/Silo/bin/… in one).</summary>
    public static string? Find(string? explicitPath) =>
        Find(explicitPath, [Directory.GetCurrentDirectory(), AppContext.BaseDirectory], File.Exists);
}
