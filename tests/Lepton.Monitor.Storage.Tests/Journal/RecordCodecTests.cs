using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

public sealed class RecordCodecTests
{
    [Fact]
    public void Every_field_round_trips()
    {
        var record = TestRecords.Full("tx-1");

        var decoded = RecordCodec.Decode(RecordCodec.Encode(record));

        TestRecords.AssertSame(record, decoded);
    }

    [Fact]
    public void Nulls_and_empty_collections_stay_distinct()
    {
        var withNulls = TestRecords.Minimal("tx-1");
        var withEmpties = withNulls with
        {
            Jurisdictions = [],
            Attributes = new Dictionary<string, string>(),
            Features = new Dictionary<string, double>(),
            Memo = "",
            Originator = new Party(null, null, null, null),
        };

        var nulls = RecordCodec.Decode(RecordCodec.Encode(withNulls));
        var empties = RecordCodec.Decode(RecordCodec.Encode(withEmpties));

        Assert.Null(nulls.Jurisdictions);
        Assert.Null(nulls.Attributes);
        Assert.Null(nulls.Features);
        Assert.Null(nulls.Memo);
        Assert.Null(nulls.Originator);
        Assert.Empty(empties.Jurisdictions!);
        Assert.Empty(empties.Attributes!);
        Assert.Empty(empties.Features!);
        Assert.Equal("", empties.Memo);
        Assert.Equal(new Party(null, null, null, null), empties.Originator);
    }

    [Fact]
    public void Starts_with_the_version_byte()
    {
        Assert.Equal(RecordCodec.CurrentVersion, RecordCodec.Encode(TestRecords.Minimal("tx-1"))[0]);
    }

    [Fact]
    public void Unknown_version_and_truncation_are_rejected()
    {
        var bytes = RecordCodec.Encode(TestRecords.Full("tx-1"));
        var otherVersion = (byte[])bytes.Clone();
        otherVersion[0] = 99;

        Assert.Throws<InvalidDataException>(() => RecordCodec.Decode(otherVersion));
        Assert.Throws<InvalidDataException>(() => RecordCodec.Decode(bytes.AsSpan(0, bytes.Length - 3)));
    }
}
