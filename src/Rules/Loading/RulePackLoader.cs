namespace Lepton.Monitor.Rules;

/// <summary>
/// Loads rule packs from JSON files. Any problem is a <see cref="RulePackException"/> naming file, line and reason:
/// a silo must refuse to start on a broken pack rather than run with a rule missing.
/// </summary>
public static class RulePackLoader
{
    /// <summary>Loads and validates one pack file.</summary>
    /// <exception cref="RulePackException">The file cannot be read or is not a valid pack.</exception>
    public static RulePack LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return PackReader.Read(path, ReadBytes(path)).Pack;
    }

    /// <summary>
    /// Loads every <c>*.json</c> file of <paramref name="directory"/> (not its subfolders). Each file must be named after
    /// its jurisdiction (<c>US.json</c> holds <c>"jurisdiction": "US"</c>), and rule ids must be unique across packs
    /// because tenant overrides address rules by id alone.
    /// </summary>
    /// <exception cref="RulePackException">The folder is missing or empty, or any pack is invalid.</exception>
    public static RulePackSet LoadDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
            throw new RulePackException(directory, null, "rule pack directory not found");
        var files = Directory.GetFiles(directory, "*.json");
        if (files.Length == 0)
            throw new RulePackException(directory, null, "no rule packs (*.json) in directory");
        Array.Sort(files, StringComparer.Ordinal);

        var packs = new List<RulePack>(files.Length);
        var fileByJurisdiction = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fileByRuleId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var (pack, lines) = PackReader.Read(file, ReadBytes(file));

            var stem = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(stem, pack.Jurisdiction, StringComparison.OrdinalIgnoreCase))
                throw new RulePackException(file, lines.LineOf("$.jurisdiction"),
                    $"file name '{Path.GetFileName(file)}' does not match jurisdiction '{pack.Jurisdiction}' (expected {pack.Jurisdiction}.json)");
            if (!fileByJurisdiction.TryAdd(pack.Jurisdiction, file))
                throw new RulePackException(file, lines.LineOf("$.jurisdiction"),
                    $"jurisdiction '{pack.Jurisdiction}' is already defined by '{fileByJurisdiction[pack.Jurisdiction]}'");

            for (var i = 0; i < pack.Rules.Count; i++)
            {
                var id = pack.Rules[i].Id;
                if (!fileByRuleId.TryAdd(id, file))
                    throw new RulePackException(file, lines.LineOf($"$.rules[{i}].id"),
                        $"rule id '{id}' is already used in '{fileByRuleId[id]}' (ids must be unique across packs)");
            }
            packs.Add(pack);
        }
        return new RulePackSet(packs);
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RulePackException(path, null, $"cannot read the file: {e.Message}", e);
        }
    }
}
