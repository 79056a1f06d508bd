using MetricsServer.Scraper.Parsing;

namespace MetricsServer.Scraper.Tests.Parsing;

public class ExpositionFormatTests
{
    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", null, typeof(OpenMetricsParser))]
    [InlineData("application/openmetrics-text;version=0.0.1", null, typeof(OpenMetricsParser))]
    [InlineData("Application/OpenMetrics-Text", null, typeof(OpenMetricsParser))]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", null, typeof(PrometheusTextParser))]
    [InlineData("text/plain;version=1.0.0;escaping=allow-utf-8", null, typeof(PrometheusTextParser))]
    [InlineData(null, null, typeof(PrometheusTextParser))]
    [InlineData("", null, typeof(PrometheusTextParser))]
    [InlineData(null, "OpenMetricsText1.0.0", typeof(OpenMetricsParser))]
    [InlineData("text/html", "PrometheusText0.0.4", typeof(PrometheusTextParser))]
    [InlineData("application/json", "OpenMetricsText0.0.1", typeof(OpenMetricsParser))]
    [InlineData("text/plain", "OpenMetricsText1.0.0", typeof(PrometheusTextParser))]
    public void CreateParser_ContentType_ChoosesFormat(string? contentType, string? fallback, Type expected)
    {
        Assert.IsType(expected, ExpositionFormat.CreateParser(contentType, fallback));
    }

    [Fact]
    public void CreateParser_UnsupportedTypeWithoutFallback_Throws()
    {
        var ex = Assert.Throws<ExpositionException>(() => ExpositionFormat.CreateParser("text/html; charset=utf-8", null));
        Assert.Contains("received unsupported Content-Type \"text/html; charset=utf-8\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Line);
    }

    [Fact]
    public void CreateParser_ProtobufWithoutFallback_Throws()
    {
        Assert.Throws<ExpositionException>(() => ExpositionFormat.CreateParser(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", null));
    }

    [Theory]
    [InlineData(
        new[] { "OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4" },
        "application/openmetrics-text;version=1.0.0;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2")]
    [InlineData(new[] { "PrometheusText0.0.4" }, "text/plain;version=0.0.4;q=0.6,*/*;q=0.5")]
    [InlineData(new[] { "OpenMetricsText1.0.0", "PrometheusText0.0.4" }, "application/openmetrics-text;version=1.0.0;q=0.6,text/plain;version=0.0.4;q=0.5,*/*;q=0.4")]
    [InlineData(
        new[] { "PrometheusProto", "OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4" },
        "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1")]
    public void AcceptHeader_Protocols_MatchesPrometheus(string[] protocols, string expected)
    {
        Assert.Equal(expected, ExpositionFormat.AcceptHeader(protocols));
    }

    [Fact]
    public void AcceptHeader_EscapingScheme_AddedToVersion1Protocols()
    {
        var header = ExpositionFormat.AcceptHeader(
            ["OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4"], "allow-utf-8");
        Assert.Equal(
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            header);
    }

    [Fact]
    public void AcceptHeader_UnknownProtocol_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExpositionFormat.AcceptHeader(["PrometheusText9"]));
    }

    [Fact]
    public void ProtocolHeader_Proto_IsPrometheusMediaType()
    {
        Assert.Equal(
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
            ExpositionFormat.ProtocolHeader(ExpositionFormat.PrometheusProto));
    }
}
