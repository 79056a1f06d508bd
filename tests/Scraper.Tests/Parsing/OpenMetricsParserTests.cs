using MetricsServer.Model.Metadata;
using MetricsServer.Scraper.Parsing;
using static MetricsServer.Scraper.Tests.Parsing.ExpositionTestData;

namespace MetricsServer.Scraper.Tests.Parsing;

public class OpenMetricsParserTests
{
    [Theory]
    [InlineData("plain", "foo 1", "foo", "__name__=\"foo\"", 1.0, null)]
    [InlineData("labels", "foo{a=\"b\",c=\"d\"} 2.5", "foo{a=\"b\",c=\"d\"}", "__name__=\"foo\",a=\"b\",c=\"d\"", 2.5, null)]
    [InlineData("float seconds", "foo 1 1.5", "foo", "__name__=\"foo\"", 1.0, 1500L)]
    [InlineData("negative seconds", "foo 1 -1.5", "foo", "__name__=\"foo\"", 1.0, -1500L)]
    [InlineData("integer seconds", "foo 1 1700000000", "foo", "__name__=\"foo\"", 1.0, 1700000000000L)]
    [InlineData("truncated to ms", "foo 1 1.2345678", "foo", "__name__=\"foo\"", 1.0, 1234L)]
    [InlineData("exponent seconds", "foo 1 1.7268398130168908e+09", "foo", "__name__=\"foo\"", 1.0, 1726839813016L)]
    [InlineData("created series", "foo_created 1.726839813016302e+09", "foo_created", "__name__=\"foo_created\"", 1.726839813016302e+09, null)]
    [InlineData("escapes", "foo{a=\"x\\\\y\\\"z\\nw\"} 1", "foo{a=\"x\\\\y\\\"z\\nw\"}", "__name__=\"foo\",a=\"x\\\\y\\\"z\\nw\"", 1.0, null)]
    [InlineData("quoted name", "{\"my.metric\",\"my.label\"=\"v\"} 1", "{\"my.metric\",\"my.label\"=\"v\"}", "__name__=\"my.metric\",my.label=\"v\"", 1.0, null)]
    [InlineData("empty braces", "foo{} 1", "foo{}", "__name__=\"foo\"", 1.0, null)]
    [InlineData("NaN", "foo NaN", "foo", "__name__=\"foo\"", double.NaN, null)]
    [InlineData("+Inf", "foo_bucket{le=\"+Inf\"} +Inf", "foo_bucket{le=\"+Inf\"}", "__name__=\"foo_bucket\",le=\"+Inf\"", double.PositiveInfinity, null)]
    [InlineData("-Inf", "foo -Inf", "foo", "__name__=\"foo\"", double.NegativeInfinity, null)]
    public void Next_ValidSeries_ReportsKeyLabelsValueAndTimestamp(string name, string line, string key, string labels, double value, long? ts)
    {
        _ = name;
        var e = Single(new OpenMetricsParser(), line + "\n# EOF\n", EntryKind.Series);
        Assert.Equal(key, e.Key);
        Assert.Equal(labels, Render(e.Labels!));
        Assert.Equal(value, e.Value);
        Assert.Equal(ts, e.TimestampMs);
        Assert.Null(e.Exemplar);
    }

    [Theory]
    [InlineData("with timestamp", "foo_bucket{le=\"1\"} 1 # {trace_id=\"abc\"} 0.5 1.25", "trace_id=\"abc\"", 0.5, 1250L, null)]
    [InlineData("empty labels", "foo_total 1 # {} 2", "", 2.0, null, null)]
    [InlineData("after sample timestamp", "foo_total 1 3 # {a=\"b\",c=\"\"} -2e-3", "a=\"b\"", -0.002, null, 3000L)]
    [InlineData("escaped value", "foo_total 1 # {id=\"a\\\"b\"} 1 10", "id=\"a\\\"b\"", 1.0, 10000L, null)]
    public void TryGetExemplar_LineWithExemplar_ReturnsIt(string name, string line, string labels, double value, long? exemplarTs, long? sampleTs)
    {
        _ = name;
        var e = Single(new OpenMetricsParser(), line + "\n# EOF", EntryKind.Series);
        Assert.NotNull(e.Exemplar);
        var ex = e.Exemplar.Value;
        Assert.Equal(labels, Render(ex.Labels));
        Assert.Equal(value, ex.Value);
        Assert.Equal(exemplarTs, ex.TimestampMs);
        Assert.Equal(sampleTs, e.TimestampMs);
        Assert.Equal(1.0, e.Value);
        Assert.DoesNotContain("#", e.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_Metadata_ReportsFamilyTypeHelpAndUnit()
    {
        const string body = """
            # TYPE foo_seconds histogram
            # HELP foo_seconds Some \"quoted\" back\\slash\nnewline.
            # UNIT foo_seconds seconds
            foo_seconds_bucket{le="+Inf"} 1
            # TYPE i info
            # TYPE s stateset
            # TYPE g gaugehistogram
            # TYPE u unknown
            # TYPE c counter
            # TYPE ga gauge
            # TYPE su summary
            # HELP h
            # UNIT "my.metric_bytes" bytes
            # UNIT e
            # EOF
            """;
        var entries = ParseAll(new OpenMetricsParser(), body);
        Assert.Equal(14, entries.Count);
        Assert.Equal("foo_seconds", entries[0].Family);
        Assert.Equal(MetricType.Histogram, entries[0].Type);
        Assert.Equal("Some \"quoted\" back\\slash\nnewline.", entries[1].Text);
        Assert.Equal(EntryKind.Unit, entries[2].Kind);
        Assert.Equal("seconds", entries[2].Text);
        Assert.Equal(
            [MetricType.Info, MetricType.StateSet, MetricType.GaugeHistogram, MetricType.Unknown, MetricType.Counter, MetricType.Gauge, MetricType.Summary],
            entries.Skip(4).Take(7).Select(e => e.Type));
        Assert.Equal(EntryKind.Help, entries[11].Kind);
        Assert.Equal(string.Empty, entries[11].Text);
        Assert.Equal("my.metric_bytes", entries[12].Family);
        Assert.Equal(string.Empty, entries[13].Text);
        Assert.Equal(14, entries[13].Line);
    }

    [Theory]
    [InlineData("eof with newline", "a 1\n# EOF\n")]
    [InlineData("eof without newline", "a 1\n# EOF")]
    public void Next_EofLast_Ends(string name, string body)
    {
        _ = name;
        var parser = new OpenMetricsParser();
        Assert.Single(ParseAll(parser, body));
        Assert.Equal(EntryKind.EndOfInput, parser.Next());
    }

    [Fact]
    public void Next_OnlyEof_HasNoEntries()
    {
        Assert.Empty(ParseAll(new OpenMetricsParser(), "# EOF\n"));
    }

    [Theory]
    [InlineData("missing eof", "foo 1\n", 2, 1, "data does not end with # EOF")]
    [InlineData("missing eof without newline", "foo 1", 2, 1, "data does not end with # EOF")]
    [InlineData("empty body", "", 1, 1, "data does not end with # EOF")]
    [InlineData("blank line", "foo 1\n\n# EOF\n", 2, 1, "unexpected empty line")]
    [InlineData("data after eof", "# EOF\nfoo 1\n", 2, 1, "unexpected data after # EOF")]
    [InlineData("blank line after eof", "# EOF\n\n", 2, 1, "unexpected data after # EOF")]
    [InlineData("eof with trailing space", "# EOF \n", 1, 1, "expected HELP, TYPE, UNIT or EOF after #")]
    [InlineData("free comment", "# hello\n# EOF\n", 1, 1, "expected HELP, TYPE, UNIT or EOF after #, got \"# hello\"")]
    [InlineData("untyped", "# TYPE foo untyped\n# EOF\n", 1, 12, "unknown metric type \"untyped\"")]
    [InlineData("type missing", "# TYPE foo\n# EOF\n", 1, 11, "unknown metric type \"\"")]
    [InlineData("unit not suffix", "# UNIT foo seconds\n# EOF\n", 1, 12, "unit \"seconds\" not a suffix of metric \"foo\"")]
    [InlineData("bad unit", "# UNIT foo_s s x\n# EOF\n", 1, 14, "invalid unit")]
    [InlineData("double space", "foo  1\n# EOF\n", 1, 5, "unexpected extra space")]
    [InlineData("trailing space", "foo 1 \n# EOF\n", 1, 7, "unexpected space at end of line after value")]
    [InlineData("tab separator", "foo\t1\n# EOF\n", 1, 4, "expected space after metric name or labels, got \"\\t\"")]
    [InlineData("missing value", "foo\n# EOF\n", 1, 4, "expected value after metric, got end of line")]
    [InlineData("bad value", "foo x\n# EOF\n", 1, 5, "expected float as value, got \"x\"")]
    [InlineData("nan timestamp", "foo 1 NaN\n# EOF\n", 1, 7, "expected float seconds as timestamp, got \"NaN\"")]
    [InlineData("inf timestamp", "foo 1 +Inf\n# EOF\n", 1, 7, "expected float seconds as timestamp")]
    [InlineData("garbage after timestamp", "foo 1 2 3\n# EOF\n", 1, 9, "expected exemplar or end of line after timestamp, got \"3\"")]
    [InlineData("trailing comma", "foo{a=\"b\",} 1\n# EOF\n", 1, 11, "expected label name after comma")]
    [InlineData("space in labels", "foo{a=\"b\", c=\"d\"} 1\n# EOF\n", 1, 11, "invalid label name")]
    [InlineData("duplicate label", "foo{a=\"b\",a=\"c\"} 1\n# EOF\n", 1, 11, "duplicate label name \"a\"")]
    [InlineData("no metric name", "{a=\"b\"} 1\n# EOF\n", 1, 1, "metric name missing")]
    [InlineData("bad exemplar start", "foo_total 1 # x\n# EOF\n", 1, 13, "expected exemplar labels after #")]
    [InlineData("exemplar without value", "foo_total 1 # {a=\"b\"}\n# EOF\n", 1, 22, "expected exemplar value, got end of line")]
    [InlineData("exemplar bad value", "foo_total 1 # {a=\"b\"} x\n# EOF\n", 1, 23, "expected float as exemplar value, got \"x\"")]
    [InlineData("exemplar bad timestamp", "foo_total 1 # {a=\"b\"} 1 y\n# EOF\n", 1, 25, "expected float seconds as timestamp, got \"y\"")]
    [InlineData("exemplar garbage", "foo_total 1 # {a=\"b\"} 1 2 z\n# EOF\n", 1, 26, "unexpected text after exemplar timestamp")]
    [InlineData("exemplar duplicate label", "foo_total 1 # {a=\"b\",a=\"c\"} 1\n# EOF\n", 1, 22, "duplicate label name \"a\"")]
    [InlineData("exemplar metric name", "foo_total 1 # {\"x\"} 1\n# EOF\n", 1, 19, "expected equal sign after label name")]
    [InlineData("error on later line", "# TYPE a gauge\na 1\na x\n# EOF\n", 3, 3, "expected float as value, got \"x\"")]
    [InlineData("carriage return", "foo 1\r\n# EOF\n", 1, 5, "expected float as value, got \"1\\r\"")]
    public void Next_MalformedInput_ThrowsWithLineAndColumn(string name, string body, int line, int column, string message)
    {
        _ = name;
        var ex = ParseError(new OpenMetricsParser(), body);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.StartsWith($"openmetrics format parsing error in line {line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetExemplar_NoExemplar_ReturnsFalse()
    {
        var parser = new OpenMetricsParser();
        parser.Reset("foo_total 1\n# EOF\n"u8.ToArray());
        Assert.Equal(EntryKind.Series, parser.Next());
        Assert.False(parser.TryGetExemplar(new Model.Labels.LabelSetBuilder(), out _));
        Assert.Equal(EntryKind.EndOfInput, parser.Next());
    }
}
