namespace Lepton.Monitor.Silo.Cli;

/// <summary>Reads `--name value` and `--flag` options; unknown options are an error so typos never pass silently.</summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public ArgReader(string[] args, params string[] known)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"unexpected argument '{a}'");
            var eq = a.IndexOf('=');
            var name = eq > 0 ? a[2..eq] : a[2..];
            if (!known.Contains(name))
                throw new ArgumentException($"unknown option '--{name}'");
            string? value = eq > 0 ? a[(eq + 1)..] : (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            _values[name] = value;
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? String(string name, string? fallback = null) => _values.TryGetValue(name, out var v) && v is not null ? v : fallback;

    public int Int(string name, int fallback) => Parse(name, fallback, int.TryParse);

    public long Long(string name, long fallback) => Parse(name, fallback, long.TryParse);

    public double Double(string name, double fallback) => Parse(name, fallback, (string s, out double d) => double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out d));

    private delegate bool TryParser<T>(string s, out T value);

    private T Parse<T>(string name, T fallback, TryParser<T> parse)
    {
        if (!_values.TryGetValue(name, out var v) || v is null)
            return fallback;
        return parse(v, out var parsed) ? parsed : throw new ArgumentException($"--{name}: '{v}' is not a valid {typeof(T).Name.ToLowerInvariant()}");
    }
}
