using System.Text;

namespace Lepton.Monitor.Ingest.Tests;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-11-22T14:00:00Z", "2026-11-22T14:00:00.0000000+00:00")]
    [InlineData("2026-11-22t14:00:00z", "2026-11-22T14:00:00.0000000+00:00")]
    [InlineData("2026-11-22 14:00:00Z", "2026-11-22T14:00:00.0000000+00:00")]
    [InlineData("2026-11-22T14:00:00.123456789Z", "2026-11-22T14:00:00.1234567+00:00")]
    [InlineData("2026-11-22T14:00:00-05:00", "2026-11-22T19:00:00.0000000+00:00")]
    [InlineData("2024-02-29T23:59:59+00:00", "2024-02-29T23:59:59.0000000+00:00")]
    [InlineData("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.0000000+00:00")]
    public void Accepts_rfc3339_and_normalises_to_utc(string text, string expected)
    {
        Assert.True(Rfc3339.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value.ToString("O"));
    }

    [Theory]
    [InlineData("2026-11-22")]                 // date only
    [InlineData("2026-11-22T14:00:00")]        // no offset: ambiguous instant
    [InlineData("2026-11-22T14:00Z")]          // no seconds
    [InlineData("2026-13-01T00:00:00Z")]       // month 13
    [InlineData("2025-02-29T00:00:00Z")]       // not a leap year
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-11-22T14:00:60Z")]       // leap second: not representable
    [InlineData("2026-11-22T14:00:00.Z")]      // empty fraction
    [InlineData("2026-11-22T14:00:00+0100")]   // offset without colon
    [InlineData("2026-11-22T14:00:00+24:00")]
    [InlineData("2026-11-22T14:00:00Z ")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")] // before DateTime.MinValue in UTC
    [InlineData("22/11/2026 14:00")]
    public void Rejects_everything_else(string text)
    {
        Assert.False(Rfc3339.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }
}
