using System.Text;
using MetricsServer.Scraper.Parsing;

namespace MetricsServer.Scraper.Tests.Parsing;

public class ExpositionNumbersTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+12", 12L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParseInt64_Valid_Parses(string text, long expected)
    {
        Assert.True(ExpositionNumbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.0")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999999")]
    [InlineData("1e3")]
    public void TryParseInt64_Invalid_Fails(string text)
    {
        Assert.False(ExpositionNumbers.TryParseInt64(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("--1")]
    [InlineData("0x10")]
    [InlineData("Infinit")]
    [InlineData("∞")]
    [InlineData("1e5e")]
    [InlineData("1..2")]
    public void TryParseFloat_NotGoSyntax_Fails(string text)
    {
        Assert.False(ExpositionNumbers.TryParseFloat(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseFloat_FastPathAgreesWithFramework()
    {
        var random = new Random(42);
        for (var i = 0; i < 20000; i++)
        {
            var mantissa = random.NextInt64(0, 1_000_000_000_000_000L);
            var exponent = random.Next(-30, 30);
            var text = $"{mantissa}e{exponent}";
            Assert.True(ExpositionNumbers.TryParseFloat(Encoding.ASCII.GetBytes(text), out var v), text);
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), v);
            var dotted = (mantissa / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ExpositionNumbers.TryParseFloat(Encoding.ASCII.GetBytes(dotted), out v), dotted);
            Assert.Equal(double.Parse(dotted, System.Globalization.CultureInfo.InvariantCulture), v);
        }
    }
}
