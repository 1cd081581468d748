using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests;

public class RecordIdTextTests
{
    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("\u202E")]
    [InlineData("\u202A")]
    [InlineData("\u2066")]
    [InlineData("\u2069")]
    public void Ids_with_control_or_bidi_override_characters_are_rejected_with_a_clear_reason(string bad)
    {
        var json = SampleRecord.Json(id: "tx" + bad + "1");

        Assert.Equal(RecordIdText.ControlCharacterReason, RecordValidator.Default.Validate(SampleRecord.ParseOne(json)));
    }

    [Theory]
    [InlineData("tx-1")]
    [InlineData("Zahlung-Ä-Ω-日本")]
    [InlineData("a b:c/d")]
    public void Ordinary_ids_are_not_taken_for_control_characters(string id)
    {
        Assert.Null(RecordValidator.Default.Validate(SampleRecord.ParseOne(SampleRecord.Json(id: id))));
    }

    [Fact]
    public void An_echoed_id_is_cut_to_64_characters_with_an_ellipsis()
    {
        Assert.Equal(new string('x', 64) + "…", RecordIdText.Echo(new string('x', 60_000)));
        Assert.Equal(new string('x', 64), RecordIdText.Echo(new string('x', 64)));
        Assert.Null(RecordIdText.Echo(null));
    }

    [Fact]
    public void An_echoed_id_never_splits_a_surrogate_pair()
    {
        var echoed = RecordIdText.Echo(new string('x', 63) + "😀tail")!;

        Assert.Equal(new string('x', 63) + "…", echoed);
    }

    [Fact]
    public void An_echoed_id_has_pii_masked_and_control_characters_replaced()
    {
        Assert.Equal("card-[masked:card-number]", RecordIdText.Echo("card-4111111111111111"));
        Assert.Equal("a\uFFFDb\uFFFDc", RecordIdText.Echo("a\u202Eb\u0000c"));
    }

    [Fact]
    public void Reasons_name_attribute_and_feature_keys_by_position_never_by_the_key()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["attributes"] = new JsonObject { ["ok"] = "x", ["Erika Mustermann"] = 1 };
            n["features"] = new JsonObject { ["a"] = 1, ["b"] = 2, ["4111111111111111"] = "x" };
        }));

        Assert.Equal("attributes[1]: must be a string", record.GetFieldError(RecordField.Attributes));
        Assert.Equal("features[2]: must be a finite number", record.GetFieldError(RecordField.Features));
    }
}
