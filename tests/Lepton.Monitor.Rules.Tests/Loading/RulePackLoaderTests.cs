using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Loading;

/// <summary>Malformed packs are refused with file, line and reason; valid ones get their documented defaults.</summary>
public sealed class RulePackLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Valid_pack_loads_with_defaults_for_optional_params()
    {
        var file = _folder.Write("XX.json", PackText.Pack("XX", PackText.ThresholdRule, PackText.ListRule));

        var pack = RulePackLoader.LoadFile(file);

        var threshold = (ThresholdParameters)pack.FindRule("xx-cash")!.Parameters;
        Assert.Equal(1000m, threshold.Amount);
        Assert.Equal(ThresholdOperator.GreaterOrEqual, threshold.Operator);
        Assert.Equal([PaymentChannel.Cash], threshold.Channels);
        Assert.Null(threshold.Currency);
        var list = (SanctionedCountryParameters)pack.FindRule("xx-list")!.Parameters;
        Assert.Equal([PartyRole.Originator, PartyRole.Beneficiary], list.Parties);
        Assert.Equal(Severity.Critical, pack.FindRule("xx-list")!.Severity);
    }

    [Fact]
    public void Invalid_json_names_file_and_the_line_of_the_syntax_error()
    {
        var text = PackText.Pack().Replace("\"name\": \"Test pack\",", "\"name\": \"Test pack\"", StringComparison.Ordinal);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        // The missing comma is noticed at the next property.
        AssertNames(e, file, PackText.LineOf(text, "\"currency\""), "invalid JSON");
    }

    [Fact]
    public void Unknown_rule_kind_is_refused()
    {
        var rule = """{ "id": "xx-odd", "kind": "telepathy", "severity": "low", "legalSource": "Test Act", "params": {} }""";
        var text = PackText.Pack("XX", PackText.ThresholdRule, rule);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(_folder.Write("XX.json", text)));

        AssertNames(e, Path.Combine(_folder.Path, "XX.json"), PackText.LineOf(text, "telepathy"), "unknown rule kind 'telepathy'");
        Assert.Contains("xx-odd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_legal_source_is_refused()
    {
        var rule = """{ "id": "xx-nolaw", "kind": "model-score", "severity": "low", "params": { "threshold": 0.5 } }""";
        var text = PackText.Pack("XX", PackText.ThresholdRule, rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-nolaw"), "missing legalSource");
    }

    [Fact]
    public void Blank_legal_source_is_refused()
    {
        var rule = """{ "id": "xx-blank", "kind": "model-score", "severity": "low", "legalSource": "  ", "params": { "threshold": 0.5 } }""";
        var text = PackText.Pack("XX", rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-blank"), "missing legalSource");
    }

    [Fact]
    public void Missing_param_is_refused_even_without_a_params_object()
    {
        var rule = """{ "id": "xx-noamount", "kind": "threshold", "severity": "high", "legalSource": "Test Act" }""";
        var text = PackText.Pack("XX", PackText.ListRule, rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-noamount"), "missing param 'amount'");
    }

    [Fact]
    public void Misspelt_param_is_refused_rather_than_ignored()
    {
        var rule = """{ "id": "xx-typo", "kind": "threshold", "severity": "high", "legalSource": "Test Act", "params": { "amount": 5, "chanels": ["wire"] } }""";
        var text = PackText.Pack("XX", rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-typo"), "unknown property 'chanels'");
    }

    [Fact]
    public void Unknown_list_name_is_refused()
    {
        var rule = """{ "id": "xx-nolist", "kind": "sanctioned-country", "severity": "critical", "legalSource": "Test Act", "params": { "list": "embargoed" } }""";
        var text = PackText.Pack("XX", PackText.ThresholdRule, rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-nolist"), "unknown list name 'embargoed'");
        Assert.Contains("blocked", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_rule_id_is_refused_on_the_second_occurrence()
    {
        var second = PackText.ThresholdRule.Replace("\"high\"", "\"low\"", StringComparison.Ordinal);
        var text = PackText.Pack("XX", PackText.ThresholdRule, second);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "\"low\""), "duplicate rule id 'xx-cash'");
        Assert.Contains($"first defined on line {PackText.LineOf(text, "xx-cash")}", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_severity_is_refused()
    {
        var rule = PackText.ThresholdRule.Replace("\"high\"", "\"urgent\"", StringComparison.Ordinal);
        var text = PackText.Pack("XX", PackText.ListRule, rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "urgent"), "bad severity 'urgent'");
    }

    [Theory]
    [InlineData("\"amount\": 1000", "\"amount\": -5", "'amount' must be > 0")]
    [InlineData("\"amount\": 1000", "\"amount\": \"1000\"", "'amount' must be a number")]
    [InlineData("\"amount\": 1000", "\"amount\": 1000, \"op\": \"<\"", "'op' must be")]
    [InlineData("\"amount\": 1000", "\"amount\": 1000, \"channels\": [\"pigeon\"]", "expected cash, card")]
    [InlineData("\"amount\": 1000", "\"amount\": 1000, \"currency\": \"euro\"", "not an ISO 4217 code")]
    public void Bad_threshold_param_values_are_refused(string find, string replace, string reason)
    {
        var text = PackText.Pack("XX", PackText.ThresholdRule.Replace(find, replace, StringComparison.Ordinal));
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-cash"), reason);
    }

    [Fact]
    public void Model_threshold_outside_zero_to_one_is_refused()
    {
        var rule = """{ "id": "xx-model", "kind": "model-score", "severity": "low", "legalSource": "Test Act", "params": { "threshold": 90 } }""";
        var text = PackText.Pack("XX", rule);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-model"), "within 0..1");
    }

    [Fact]
    public void Country_list_with_a_non_alpha2_code_is_refused_at_the_list()
    {
        var text = PackText.Pack("XX", PackText.ListRule).Replace("\"IR\"", "\"IRN\"", StringComparison.Ordinal);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "IRN"), "'IRN' is not an ISO 3166-1 alpha-2");
    }

    [Fact]
    public void List_without_as_of_date_is_refused()
    {
        var text = PackText.Pack().Replace("\"asOf\": \"2026-11-01\", ", "", StringComparison.Ordinal);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "\"blocked\""), "missing 'asOf'");
    }

    [Fact]
    public void Unknown_top_level_property_is_refused()
    {
        var text = PackText.Pack().Replace("\"version\"", "\"region\": \"x\",\n  \"version\"", StringComparison.Ordinal);
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "\"region\""), "unknown property 'region'");
    }

    [Fact]
    public void Duplicate_json_property_is_refused_instead_of_last_one_winning()
    {
        var text = PackText.Pack("XX", PackText.ThresholdRule.Replace("\"amount\": 1000", "\"amount\": 1000, \"amount\": 1", StringComparison.Ordinal));
        var file = _folder.Write("XX.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        AssertNames(e, file, PackText.LineOf(text, "xx-cash"), "duplicate property 'amount'");
    }

    [Fact]
    public void Missing_file_is_a_rule_pack_exception_naming_it()
    {
        var file = Path.Combine(_folder.Path, "NOPE.json");

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadFile(file));

        Assert.Equal(file, e.FilePath);
        Assert.Null(e.Line);
        Assert.Contains("cannot read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_loads_every_pack_file()
    {
        _folder.Write("XX.json", PackText.Pack("XX"));
        _folder.Write("YY.json", PackText.Pack("YY", PackText.ThresholdRule.Replace("xx-cash", "yy-cash", StringComparison.Ordinal)));

        var set = RulePackLoader.LoadDirectory(_folder.Path);

        Assert.Equal(["XX", "YY"], set.Jurisdictions.Order(StringComparer.Ordinal));
        Assert.Equal("yy-cash", Assert.Single(set.Get("yy").Rules).Id);
        Assert.Throws<KeyNotFoundException>(() => set.Get("ZZ"));
    }

    [Fact]
    public void Directory_refuses_a_file_not_named_after_its_jurisdiction()
    {
        var text = PackText.Pack("XX");
        var file = _folder.Write("US.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadDirectory(_folder.Path));

        AssertNames(e, file, PackText.LineOf(text, "\"jurisdiction\""), "does not match jurisdiction 'XX'");
    }

    [Fact]
    public void Directory_refuses_a_rule_id_used_by_two_packs()
    {
        _folder.Write("XX.json", PackText.Pack("XX"));
        var text = PackText.Pack("YY");
        var file = _folder.Write("YY.json", text);

        var e = Assert.Throws<RulePackException>(() => RulePackLoader.LoadDirectory(_folder.Path));

        AssertNames(e, file, PackText.LineOf(text, "xx-cash"), "already used in");
    }

    [Fact]
    public void Empty_or_missing_directory_is_refused()
    {
        var empty = Assert.Throws<RulePackException>(() => RulePackLoader.LoadDirectory(_folder.Path));
        var missing = Assert.Throws<RulePackException>(() => RulePackLoader.LoadDirectory(Path.Combine(_folder.Path, "none")));

        Assert.Contains("no rule packs", empty.Message, StringComparison.Ordinal);
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
    }

    private static void AssertNames(RulePackException e, string file, int line, string reason)
    {
        Assert.Equal(file, e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
