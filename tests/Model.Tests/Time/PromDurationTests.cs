using CsCheck;
using MetricsServer.Model.Time;

namespace MetricsServer.Model.Tests.Time;

public sealed class PromDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("100ms", 100)]
    [InlineData("1m30s500ms", 90_500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Parse_PrometheusSyntax(string text, long ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), PromDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("1.5h")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("-1s")]
    [InlineData("1x")]
    [InlineData("99999999999999999999y")]
    public void Parse_Invalid_FailsWithMessage(string text)
    {
        Assert.False(PromDuration.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(15_000, "15s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(1_296_000_000, "15d")]
    [InlineData(1_209_600_000, "2w")]
    [InlineData(31_536_000_000, "1y")]
    [InlineData(0, "0s")]
    [InlineData(1_500, "1s500ms")]
    public void Format_YearsAndWeeksOnlyWhenExact(long ms, string expected)
    {
        Assert.Equal(expected, PromDuration.Format(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void FormatThenParse_RoundTrips()
    {
        Gen.Long[0, 10L * 365 * 86_400_000].Sample(ms =>
            Assert.Equal(ms, (long)PromDuration.Parse(PromDuration.Format(TimeSpan.FromMilliseconds(ms))).TotalMilliseconds));
    }
}
