using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Loads the librdkafka that Confluent.Kafka bundles (runtimes/RID/native under the app), explicitly and once, before
/// any client exists: otherwise the dynamic loader may pick a system librdkafka (Debian's kcat pulls one in) of
/// another version with other defaults and bugs.
/// </summary>
public static class KafkaNativeLibrary
{
    private static readonly Lock Gate = new();

    /// <summary>
    /// The bundled library's path for this platform, or null when the build has no copy of it. On Linux the bundle has
    /// variants: the default one links the system's libsasl2 (absent on slim images), centos8- links its TLS and SASL
    /// statically, alpine- is for musl; the first that the loader accepts here is used, as Confluent's probing does.
    /// </summary>
    public static string? BundledPath()
    {
        string rid;
        string[] files;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            (rid, files) = ("win-" + Arch(), ["librdkafka.dll"]);
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            (rid, files) = ("osx-" + Arch(), ["librdkafka.dylib"]);
        else
            (rid, files) = ("linux-" + Arch(), File.Exists("/etc/alpine-release") ? ["alpine-librdkafka.so"] : ["librdkafka.so", "centos8-librdkafka.so"]);
        var folders = new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"), AppContext.BaseDirectory };
        foreach (var file in files)
        {
            foreach (var folder in folders)
            {
                var candidate = Path.Combine(folder, file);
                // TryLoad also resolves the library's own dependencies, so a variant missing one is skipped.
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out _))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>Loads the bundled library unless one is loaded already; returns the path used (null: default probing).</summary>
    public static string? EnsureLoaded()
    {
        lock (Gate)
        {
            if (Library.IsLoaded)
                return null;
            var path = BundledPath();
            // Without a bundled copy (an unusual publish layout), fall back to Confluent's own probing.
            if (path is not null)
            {
                Resolve(path);
                Library.Load(path);
            }
            return path;
        }
    }

    /// <summary>
    /// Confluent.Kafka dlopens the path, then binds its P/Invokes to "librdkafka", which .NET would probe for on its own
    /// (finding the default variant, possibly unloadable); the resolver binds them to the chosen file instead. It also
    /// maps "libdl": glibc ≥ 2.34 ships only <c>libdl.so.2</c> (dlopen lives in libc).
    /// </summary>
    private static void Resolve(string path)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => name switch
            {
                "librdkafka" => NativeLibrary.Load(path),
                "libdl" when NativeLibrary.TryLoad("libdl.so.2", out var dl) || NativeLibrary.TryLoad("libc.so.6", out dl) => dl,
                _ => IntPtr.Zero,
            });
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for Confluent.Kafka (by its own code or the host): leave it.
        }
    }

    private static string Arch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "x86",
        _ => "x64",
    };
}
