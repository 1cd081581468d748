using System.Runtime.InteropServices;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Finds and loads the NVIDIA driver (<c>libcuda.so.1</c>) and cuBLASLt (<c>libcublasLt.so.13</c>, else <c>.so.12</c>) on
/// the loader path or under the usual CUDA folders. Nothing here throws: a missing library is a reason, not a crash.
/// </summary>
public static class CudaLibraries
{
    public static readonly string[] DriverNames = ["libcuda.so.1", "libcuda.so"];

    public static readonly string[] CublasLtNames = ["libcublasLt.so.13", "libcublasLt.so.12"];

    /// <summary>Folders tried after the loader path: CUDA 13 and 12 installs and the common symlinks.</summary>
    public static IEnumerable<string> SearchFolders()
    {
        if (Environment.GetEnvironmentVariable("CUDA_HOME") is { Length: > 0 } home)
        {
            yield return Path.Combine(home, "lib64");
            yield return Path.Combine(home, "targets", "x86_64-linux", "lib");
        }
        yield return "/usr/local/cuda/lib64";
        yield return "/usr/local/cuda/targets/x86_64-linux/lib";
        if (Directory.Exists("/usr/local"))
        {
            foreach (var dir in Directory.EnumerateDirectories("/usr/local", "cuda-*").OrderDescending())
            {
                yield return Path.Combine(dir, "targets", "x86_64-linux", "lib");
                yield return Path.Combine(dir, "lib64");
            }
        }
        yield return "/usr/lib/x86_64-linux-gnu";
    }

    /// <summary>The first of <paramref name="names"/> that loads, from the loader path or <see cref="SearchFolders"/>; else null and why.</summary>
    public static IntPtr TryLoad(IReadOnlyList<string> names, out string? reason)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                reason = null;
                return handle;
            }
        }
        foreach (var folder in SearchFolders())
        {
            foreach (var name in names)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
                {
                    reason = null;
                    return handle;
                }
            }
        }
        reason = $"{string.Join(" / ", names)} not found on the loader path or under the CUDA folders";
        return IntPtr.Zero;
    }
}
