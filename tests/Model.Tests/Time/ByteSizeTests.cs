using MetricsServer.Model.Time;

namespace MetricsServer.Model.Tests.Time;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("512MB", 512L << 20)]
    [InlineData("10GB", 10L << 30)]
    [InlineData("1KiB", 1024)]
    [InlineData("100", 100)]
    [InlineData("100B", 100)]
    [InlineData("1.5KB", 1536)]
    public void Parse_Base2Units(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("10XB")]
    public void Parse_Invalid_Fails(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(512L << 20, "512MiB")]
    [InlineData(0, "0B")]
    [InlineData(1536, "1536B")]
    public void Format_LargestExactUnit(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));
}
