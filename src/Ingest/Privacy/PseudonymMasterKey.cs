using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Where the pseudonymization master key lives when it is kept out of <c>lepton.db</c>: the environment variable
/// <c>LEPTON_PSEUDONYM_KEY</c> (base64) or the key file <c>Lepton:Privacy:KeyFile</c> (base64 text, created 0600 when
/// missing). Per-tenant keys are then HKDF-derived from it, so a copy of the database alone cannot recompute tokens
/// of low-entropy values (account numbers). Neither set: null, and the per-tenant keys in the database are used.
/// </summary>
public static class PseudonymMasterKey
{
    public const string EnvironmentVariable = "LEPTON_PSEUDONYM_KEY";
    public const string KeyFileSetting = "Lepton:Privacy:KeyFile";
    public const int GeneratedKeyBytes = 32;

    /// <summary>The configured master key, or null for the in-database keys. Throws <see cref="PseudonymKeyException"/>.</summary>
    public static byte[]? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fromEnvironment = configuration[EnvironmentVariable];
        var keyFile = configuration[KeyFileSetting];
        var hasEnvironment = !string.IsNullOrWhiteSpace(fromEnvironment);
        var hasFile = !string.IsNullOrWhiteSpace(keyFile);
        // Two sources would make "which key made these tokens" a guess; one must be chosen.
        if (hasEnvironment && hasFile)
            throw new PseudonymKeyException($"both {EnvironmentVariable} and {KeyFileSetting} are set; set only one");
        if (hasEnvironment)
            return Decode(fromEnvironment!, EnvironmentVariable);
        if (hasFile)
            return LoadOrCreateFile(Path.GetFullPath(keyFile!));
        return null;
    }

    /// <summary>Reads the key file, or creates it (owner read/write only) with a fresh random key when missing.</summary>
    public static byte[] LoadOrCreateFile(string path)
    {
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(GeneratedKeyBytes);
            try
            {
                var folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
                OwnerOnlyFile.WriteNew(path, Convert.ToBase64String(key) + "\n");
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs (read below).
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PseudonymKeyException($"cannot create the pseudonymization key file {path}: {e.Message}");
            }
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & groupOrOther) != 0)
                throw new PseudonymKeyException($"the pseudonymization key file {path} is accessible to group or others; run: chmod 600 {path}");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PseudonymKeyException($"cannot read the pseudonymization key file {path}: {e.Message}");
        }
        return Decode(text, path);
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new PseudonymKeyException($"the pseudonymization key in {source} is not base64");
        }
        if (key.Length < Pseudonymizer.MinKeyBytes)
            throw new PseudonymKeyException($"the pseudonymization key in {source} has {key.Length} bytes; at least {Pseudonymizer.MinKeyBytes} are needed (e.g. openssl rand -base64 32)");
        return key;
    }
}

/// <summary>The configured pseudonymization key cannot be used; the message says what to do. The process must not start.</summary>
public sealed class PseudonymKeyException(string message) : Exception(message);
