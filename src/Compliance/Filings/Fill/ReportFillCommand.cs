using System.Security.Cryptography;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Compliance.Filings.Fill;

/// <summary>
/// The work of `lepton report fill`: read an exported draft (the JSON of GET /v1/reports/{id}) and a KYC CSV, derive
/// the tenant's pseudonymization key from the product's master key (<c>LEPTON_PSEUDONYM_KEY</c> or the key file
/// <c>Lepton:Privacy:KeyFile</c>, exactly as ingest does), fill the subjects, and write the regulator XML validated as
/// the product validates it. Offline: it opens no connection to the product.
/// </summary>
public sealed class ReportFillCommand
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;

    public sealed record Options(string DraftPath, string KycPath, string OutputPath, string? KeyFile, string? KeyBase64, bool AllowUnmatched);

    public static async Task<int> RunAsync(Options options, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReportDraft draft;
        IReadOnlyDictionary<string, KycIdentity> kyc;
        byte[] master;
        try
        {
            draft = ReportJson.Deserialize(await ReadAsync(options.DraftPath, "--draft", ct));
            using (var reader = new StringReader(await ReadAsync(options.KycPath, "--kyc", ct)))
                kyc = KycCsv.Read(reader);
            master = MasterKey(options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException or PseudonymKeyException)
        {
            await stderr.WriteLineAsync($"lepton report fill: {e.Message}");
            return Usage;
        }

        var tenantKey = PseudonymizerRegistry.DeriveTenantKey(master, draft.Tenant);
        CryptographicOperations.ZeroMemory(master);
        ReportFiller.Result result;
        using (var pseudonymizer = new Pseudonymizer(tenantKey, draft.Tenant, cacheCapacity: 0))
            result = ReportFiller.Fill(draft, kyc, pseudonymizer);
        CryptographicOperations.ZeroMemory(tenantKey);

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"report {draft.Id} ({ReportNames.Of(draft.Type)}, tenant {draft.Tenant}): {result.Filled} of {draft.Content.Subjects.Length} subject(s) filled, {result.UnusedRows} KYC row(s) matched no subject"));
        foreach (var pseudonym in result.Unmatched)
            await stderr.WriteLineAsync($"lepton report fill: no KYC row pseudonymizes to subject {pseudonym}");
        if (result.Unmatched.Count > 0 && !options.AllowUnmatched)
        {
            await stderr.WriteLineAsync("lepton report fill: nothing written; every subject needs a KYC row (or pass --allow-unmatched)");
            return Invalid;
        }

        var export = ReportExport.Of(result.Draft, DateTimeOffset.UtcNow);
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        // The filled report holds real identities: readable by its owner only, like the key file.
        OwnerOnlyFile.WriteOrReplace(options.OutputPath, export.Xml);
        await stdout.WriteLineAsync($"wrote {Path.GetFullPath(options.OutputPath)}");
        foreach (var issue in export.Issues)
            await stderr.WriteLineAsync($"{issue.Source} {issue.Path}{(issue.Line is { } l ? $" (line {l})" : "")}: {issue.Message}");
        return export.IsValid ? Ok : Invalid;
    }

    private static byte[] MasterKey(Options options)
    {
        if (options.KeyFile is not null && options.KeyBase64 is not null)
            throw new ArgumentException($"--key-file and {PseudonymMasterKey.EnvironmentVariable} are both set; set only one (the one the product uses)");
        if (options.KeyFile is not null)
        {
            var path = Path.GetFullPath(options.KeyFile);
            // Never create a key here: a new key would make tokens that match nothing.
            if (!File.Exists(path))
                throw new ArgumentException($"--key-file: {path} does not exist (use the product's Lepton:Privacy:KeyFile)");
            return PseudonymMasterKey.LoadOrCreateFile(path);
        }
        if (options.KeyBase64 is not null)
        {
            try
            {
                var key = Convert.FromBase64String(options.KeyBase64.Trim());
                return key.Length >= Pseudonymizer.MinKeyBytes ? key
                    : throw new ArgumentException($"{PseudonymMasterKey.EnvironmentVariable}: at least {Pseudonymizer.MinKeyBytes} bytes");
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{PseudonymMasterKey.EnvironmentVariable}: not base64");
            }
        }
        throw new ArgumentException($"no pseudonymization key: pass --key-file (the product's Lepton:Privacy:KeyFile) or set {PseudonymMasterKey.EnvironmentVariable}");
    }

    private static async Task<string> ReadAsync(string path, string option, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"{option}: {Path.GetFullPath(path)} does not exist");
        return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
    }
}
