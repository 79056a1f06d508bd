using System.Text;
using MetricsServer.Model.Metadata;
using MetricsServer.Scraper.Parsing;
using static MetricsServer.Scraper.Tests.Parsing.ExpositionTestData;

namespace MetricsServer.Scraper.Tests.Parsing;

public class PrometheusTextParserTests
{
    [Theory]
    [InlineData("plain", "foo 1", "foo", "__name__=\"foo\"", 1.0)]
    [InlineData("labels", "foo{a=\"b\",c=\"d\"} 2.5", "foo{a=\"b\",c=\"d\"}", "__name__=\"foo\",a=\"b\",c=\"d\"", 2.5)]
    [InlineData("trailing comma", "foo{a=\"b\",} 3", "foo{a=\"b\",}", "__name__=\"foo\",a=\"b\"", 3.0)]
    [InlineData("blanks around tokens", "foo { a = \"b\" , c=\"d\" } 4", "foo { a = \"b\" , c=\"d\" }", "__name__=\"foo\",a=\"b\",c=\"d\"", 4.0)]
    [InlineData("escapes", "foo{a=\"x\\\\y\\\"z\\nw\"} 1", "foo{a=\"x\\\\y\\\"z\\nw\"}", "__name__=\"foo\",a=\"x\\\\y\\\"z\\nw\"", 1.0)]
    [InlineData("unknown escape kept", "foo{a=\"\\t\"} 1", "foo{a=\"\\t\"}", "__name__=\"foo\",a=\"\\\\t\"", 1.0)]
    [InlineData("empty braces", "foo{} 1", "foo{}", "__name__=\"foo\"", 1.0)]
    [InlineData("empty value dropped", "foo{a=\"\",b=\"c\"} 1", "foo{a=\"\",b=\"c\"}", "__name__=\"foo\",b=\"c\"", 1.0)]
    [InlineData("colon in name", "job:rate5m:sum 7", "job:rate5m:sum", "__name__=\"job:rate5m:sum\"", 7.0)]
    [InlineData("quoted names", "{\"my.metric\", \"my.label\"=\"v\"} 1", "{\"my.metric\", \"my.label\"=\"v\"}", "__name__=\"my.metric\",my.label=\"v\"", 1.0)]
    [InlineData("name as label", "{__name__=\"foo\",a=\"b\"} 1", "{__name__=\"foo\",a=\"b\"}", "__name__=\"foo\",a=\"b\"", 1.0)]
    [InlineData("leading and trailing blanks", "  foo 1  ", "foo", "__name__=\"foo\"", 1.0)]
    [InlineData("tabs", "foo\t1", "foo", "__name__=\"foo\"", 1.0)]
    [InlineData("carriage return", "foo 1\r", "foo", "__name__=\"foo\"", 1.0)]
    [InlineData("utf-8 value", "foo{a=\"ünï€\"} 1", "foo{a=\"ünï€\"}", "__name__=\"foo\",a=\"ünï€\"", 1.0)]
    public void Next_ValidSeries_ReportsKeyLabelsAndValue(string name, string line, string key, string labels, double value)
    {
        _ = name;
        var e = Single(new PrometheusTextParser(), line + "\n", EntryKind.Series);
        Assert.Equal(key, e.Key);
        Assert.Equal(labels, Render(e.Labels!));
        Assert.Equal(value, e.Value);
        Assert.Null(e.TimestampMs);
        Assert.Null(e.Exemplar);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("+infinity", double.PositiveInfinity)]
    [InlineData("1e+06", 1e6)]
    [InlineData("1E-3", 0.001)]
    [InlineData("-0", -0.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+3", 3.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("4.059092e+06", 4059092.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    [InlineData("0.000000000000000000000000001", 1e-27)]
    [InlineData("-0.0002935723711788224", -0.0002935723711788224)]
    public void Next_FloatSyntax_ParsesLikeGo(string text, double expected)
    {
        var e = Single(new PrometheusTextParser(), $"foo {text}\n", EntryKind.Series);
        Assert.Equal(expected, e.Value);
        if (expected == 0) Assert.Equal(double.IsNegative(expected), double.IsNegative(e.Value));
    }

    [Fact]
    public void Next_NaNValue_IsPrometheusNormalNaNNotStaleMarker()
    {
        var e = Single(new PrometheusTextParser(), "foo NaN\n", EntryKind.Series);
        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(e.Value));
    }

    [Theory]
    [InlineData("foo 1 1700000000000", 1700000000000L)]
    [InlineData("foo 1 -5", -5L)]
    [InlineData("foo 1 0", 0L)]
    [InlineData("foo{a=\"b\"}  1\t 9223372036854775807 ", long.MaxValue)]
    public void Next_Timestamp_IsIntegerMilliseconds(string line, long expected)
    {
        var e = Single(new PrometheusTextParser(), line + "\n", EntryKind.Series);
        Assert.Equal(expected, e.TimestampMs);
    }

    [Fact]
    public void Next_MetadataAndComments_AreReportedInOrder()
    {
        const string body = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000

            # A free comment
            #HELP not metadata without a blank after the hash
            # TYPE rpc_duration_seconds summary
            # HELP escaped back\\slash and\nnewline and \"quote\" kept
            # TYPE untyped_one untyped
            # HELP "my.metric" quoted family
            # HELP empty_help
            rpc_duration_seconds{quantile="0.5"} 4773
            """;
        var entries = ParseAll(new PrometheusTextParser(), body);
        Assert.Equal(
            [EntryKind.Help, EntryKind.Type, EntryKind.Series, EntryKind.Comment, EntryKind.Comment, EntryKind.Type, EntryKind.Help,
             EntryKind.Type, EntryKind.Help, EntryKind.Help, EntryKind.Series],
            entries.Select(e => e.Kind));
        Assert.Equal("http_requests_total", entries[0].Family);
        Assert.Equal("The total number of HTTP requests.", entries[0].Text);
        Assert.Equal(MetricType.Counter, entries[1].Type);
        Assert.Equal(3, entries[2].Line);
        Assert.Equal(1395066363000L, entries[2].TimestampMs);
        Assert.Equal(5, entries[3].Line);
        Assert.Equal(MetricType.Summary, entries[5].Type);
        Assert.Equal("escaped", entries[6].Family);
        Assert.Equal("back\\slash and\nnewline and \\\"quote\\\" kept", entries[6].Text);
        Assert.Equal(MetricType.Unknown, entries[7].Type);
        Assert.Equal("my.metric", entries[8].Family);
        Assert.Equal("quoted family", entries[8].Text);
        Assert.Equal("empty_help", entries[9].Family);
        Assert.Equal(string.Empty, entries[9].Text);
        Assert.Equal(12, entries[10].Line);
    }

    [Fact]
    public void Next_HelpWithoutText_HasEmptyHelp()
    {
        var e = Single(new PrometheusTextParser(), "# HELP foo \n", EntryKind.Help);
        Assert.Equal("foo", e.Family);
        Assert.Equal(string.Empty, e.Text);
        var help = Single(new PrometheusTextParser(), "# HELP foo  \t x\n", EntryKind.Help);
        Assert.Equal("x", help.Text);
    }

    [Fact]
    public void Next_EmptyBodyAndBlankLines_GiveEndOfInput()
    {
        Assert.Empty(ParseAll(new PrometheusTextParser(), ""));
        Assert.Empty(ParseAll(new PrometheusTextParser(), "\n\n  \n\t\n"));
    }

    [Fact]
    public void Next_LastLineWithoutNewline_IsParsed()
    {
        var entries = ParseAll(new PrometheusTextParser(), "a 1\nb 2");
        Assert.Equal(2, entries.Count);
        Assert.Equal(2.0, entries[1].Value);
        Assert.Equal(2, entries[1].Line);
    }

    [Fact]
    public void Reset_SecondBody_StartsOver()
    {
        var parser = new PrometheusTextParser();
        Assert.Single(ParseAll(parser, "a 1\nb"u8.ToArray()[..3]));
        var entries = ParseAll(parser, "c 3\n");
        Assert.Equal("c", Assert.Single(entries).Key);
        Assert.Equal(1, entries[0].Line);
    }

    [Fact]
    public void SeriesKey_DoesNotIncludeValueOrTimestamp()
    {
        var entries = ParseAll(new PrometheusTextParser(), "foo{a=\"b\"} 1 100\nfoo{a=\"b\"} 2 200\n");
        Assert.Equal(entries[0].Key, entries[1].Key);
        Assert.Equal("foo{a=\"b\"}", entries[0].Key);
    }

    [Fact]
    public void Labels_NotOnSeries_Throws()
    {
        var parser = new PrometheusTextParser();
        parser.Reset(Encoding.UTF8.GetBytes("# TYPE foo counter\n"));
        Assert.Equal(EntryKind.Type, parser.Next());
        Assert.Throws<InvalidOperationException>(() => parser.Labels(new Model.Labels.LabelSetBuilder()));
        Assert.False(parser.TryGetExemplar(new Model.Labels.LabelSetBuilder(), out _));
    }

    [Theory]
    [InlineData("missing value", "foo", 1, 4, "expected float as value, got end of line")]
    [InlineData("bad value", "foo x", 1, 5, "expected float as value, got \"x\"")]
    [InlineData("hex float", "foo 0x1p-3", 1, 5, "expected float as value, got \"0x1p-3\"")]
    [InlineData("underscore", "foo 1_000", 1, 5, "expected float as value")]
    [InlineData("out of range", "foo 1e400", 1, 5, "expected float as value")]
    [InlineData("signed nan", "foo -NaN", 1, 5, "expected float as value")]
    [InlineData("float timestamp", "foo 1 1.5", 1, 7, "expected integer as timestamp, got \"1.5\"")]
    [InlineData("timestamp overflow", "foo 1 9223372036854775808", 1, 7, "expected integer as timestamp")]
    [InlineData("garbage after timestamp", "foo 1 2 3", 1, 9, "unexpected text after timestamp, got \"3\"")]
    [InlineData("duplicate label", "foo{a=\"b\",a=\"c\"} 1", 1, 11, "duplicate label name \"a\"")]
    [InlineData("duplicate quoted label", "foo{a=\"b\",\"a\"=\"c\"} 1", 1, 11, "duplicate label name \"a\"")]
    [InlineData("name given twice", "foo{__name__=\"bar\"} 1", 1, 5, "duplicate label name \"__name__\"")]
    [InlineData("quoted name twice", "{\"a\",\"b\"} 1", 1, 6, "metric name specified twice")]
    [InlineData("invalid label name", "foo{1a=\"b\"} 1", 1, 5, "invalid label name, got \"1a=\\\"b\\\"}\"")]
    [InlineData("dash in label name", "foo{a-b=\"c\"} 1", 1, 6, "expected equal sign after label name")]
    [InlineData("unterminated value", "foo{a=\"b} 1", 1, 7, "unterminated quoted string")]
    [InlineData("missing comma", "foo{a=\"b\" c=\"d\"} 1", 1, 11, "expected comma or closing brace after label value")]
    [InlineData("unquoted value", "foo{a=b} 1", 1, 7, "expected quoted label value, got \"b}\"")]
    [InlineData("missing equal sign", "foo{a} 1", 1, 6, "expected equal sign after label name, got \"}\"")]
    [InlineData("unclosed labels", "foo{a=\"b\"", 1, 10, "expected comma or closing brace, got end of line")]
    [InlineData("lonely comma", "foo{,} 1", 1, 5, "invalid label name")]
    [InlineData("no metric name", "{a=\"b\"} 1", 1, 1, "metric name missing")]
    [InlineData("invalid metric name", "foo-bar 1", 1, 4, "invalid character in metric name, got \"-bar\"")]
    [InlineData("digit first", "1foo 1", 1, 1, "expected metric name, got \"1foo\"")]
    [InlineData("nothing after labels", "foo{a=\"b\"}x 1", 1, 11, "expected blank after labels, got \"x\"")]
    [InlineData("unknown type", "# TYPE foo bogus", 1, 12, "unknown metric type \"bogus\"")]
    [InlineData("openmetrics type", "# TYPE foo info", 1, 12, "unknown metric type \"info\"")]
    [InlineData("type missing", "# TYPE foo counter y", 1, 20, "unexpected text after metric type, got \"y\"")]
    [InlineData("help without name", "# HELP 1x text", 1, 8, "expected metric name after HELP, got \"1x\"")]
    [InlineData("bad name in type", "# TYPE foo-bar counter", 1, 11, "invalid metric name after TYPE")]
    [InlineData("error on later line", "a 1\n\n# c\nb x", 4, 3, "expected float as value, got \"x\"")]
    [InlineData("empty quoted name", "{\"\"} 1", 1, 2, "empty quoted name")]
    public void Next_MalformedInput_ThrowsWithLineAndColumn(string name, string body, int line, int column, string message)
    {
        _ = name;
        var ex = ParseError(new PrometheusTextParser(), body);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.StartsWith($"text format parsing error in line {line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_TypeWithoutType_Throws()
    {
        var ex = ParseError(new PrometheusTextParser(), "# TYPE foo \n# TYPE bar\n");
        Assert.Equal(1, ex.Line);
        Assert.Contains("expected metric type after TYPE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_ManyLabels_DetectsDuplicatesPastThePairwiseLimit()
    {
        var labels = string.Join(",", Enumerable.Range(0, 200).Select(i => $"l{i}=\"v\""));
        var e = Single(new PrometheusTextParser(), $"foo{{{labels}}} 1\n", EntryKind.Series);
        Assert.Equal(201, e.Labels!.Count);
        var ex = ParseError(new PrometheusTextParser(), $"foo{{{labels},l150=\"w\"}} 1\n");
        Assert.Contains("duplicate label name \"l150\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(labels.Length + 6, ex.Column);
    }

    [Fact]
    public void Next_InvalidUtf8LabelValue_Throws()
    {
        byte[] body = [.. "foo{a=\""u8, 0xff, 0xfe, .. "\"} 1\n"u8];
        var ex = ParseError(new PrometheusTextParser(), body);
        Assert.Equal(1, ex.Line);
        Assert.Equal(7, ex.Column);
        Assert.Contains("invalid UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
