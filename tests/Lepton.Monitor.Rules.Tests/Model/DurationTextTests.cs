namespace Lepton.Monitor.Rules.Tests.Model;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("PT10M", 600)]
    [InlineData("P1D", 86_400)]
    [InlineData("P1DT12H", 129_600)]
    [InlineData("PT1H30M", 5_400)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("P2W", 1_209_600)]
    [InlineData("pt10m", 600)]
    [InlineData("600", 600)]
    [InlineData("1.5", 1.5)]
    public void Parses_iso_durations_and_seconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1Y")]
    [InlineData("P1M")]
    [InlineData("PT1D")]
    [InlineData("P1H")]
    [InlineData("10 minutes")]
    [InlineData("-5")]
    [InlineData("PT1H1H2")]
    public void Refuses_what_is_not_a_fixed_length(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData(600, "PT10M")]
    [InlineData(86_400, "P1D")]
    [InlineData(93_784.5, "P1DT2H3M4.5S")]
    [InlineData(0, "PT0S")]
    public void Formats_largest_units_first(double seconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));
    }
}
