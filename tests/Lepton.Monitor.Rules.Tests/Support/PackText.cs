namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>Pack JSON for loader tests, one rule per line so a test can name the line it expects in an error.</summary>
internal static class PackText
{
    public const string ThresholdRule =
        """{ "id": "xx-cash", "kind": "threshold", "severity": "high", "legalSource": "Test Act s. 1", "params": { "amount": 1000 } }""";

    public const string ListRule =
        """{ "id": "xx-list", "kind": "sanctioned-country", "severity": "critical", "legalSource": "Test Act s. 2", "params": { "list": "blocked" } }""";

    public static string Pack(string jurisdiction = "XX", params string[] rules) =>
        $$"""
        {
          "jurisdiction": "{{jurisdiction}}",
          "name": "Test pack",
          "currency": "USD",
          "version": "2026-11-01",
          "lists": {
            "blocked": { "asOf": "2026-11-01", "source": "test list", "values": ["KP", "IR"] }
          },
          "rules": [
            {{string.Join(",\n    ", rules.Length == 0 ? new[] { ThresholdRule } : rules)}}
          ]
        }
        """;

    /// <summary>1-based line of the first line containing <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
                return i + 1;
        }
        throw new ArgumentException($"marker '{marker}' not in text");
    }
}
