using MetricsServer.Model.Time;
using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Flags;

public class FlagValuesTests
{
    public static TheoryData<string, string> Durations => new()
    {
        // text in, Prometheus's printed form out
        { "15d", "15d" },
        { "14d", "2w" },
        { "365d", "1y" },
        { "366d", "366d" },
        { "90m", "1h30m" },
        { "1d12h", "1d12h" },
        { "0", "0s" },
        { "1500ms", "1s500ms" },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void FormatDuration_UsesYearsAndWeeksOnlyWhenExact(string text, string expected)
    {
        Assert.Equal(expected, FlagValues.FormatDuration(PromDuration.Parse(text)));
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1536L, "1536B")]
    [InlineData(1024L, "1KiB")]
    [InlineData(512L << 20, "512MiB")]
    [InlineData(10L << 30, "10GiB")]
    public void FormatSize_LargestExactBase2Unit(long bytes, string expected)
    {
        var text = FlagValues.FormatSize(bytes);

        Assert.Equal(expected, text);
        Assert.Equal(bytes, ByteSize.Parse(text));
    }

    [Theory]
    [InlineData("5e7", 50_000_000L)]
    [InlineData("-3", -3L)]
    [InlineData("1048576", 1_048_576L)]
    public void ParseInt64_AcceptsWholeNumbersInEitherNotation(string text, long expected)
    {
        var (ok, value, error) = FlagValues.ParseInt64(text);

        Assert.True(ok, error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("True ")]
    public void ParseBool_RejectsOtherWords(string text)
    {
        Assert.False(FlagValues.ParseBool(text).Ok);
    }
}
