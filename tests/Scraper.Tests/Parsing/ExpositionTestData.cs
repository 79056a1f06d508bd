using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Scraper.Parsing;

namespace MetricsServer.Scraper.Tests.Parsing;

/// <summary>One entry as the parser reported it, copied out so that tests can look at it after the next call.</summary>
internal sealed record ParsedEntry(
    EntryKind Kind,
    int Line,
    string Key,
    string Name,
    double Value,
    long? TimestampMs,
    string Family,
    MetricType Type,
    string Text,
    LabelSet? Labels,
    Exemplar? Exemplar);

/// <summary>Drives a parser over a whole body and finds the shared fixtures.</summary>
internal static class ExpositionTestData
{
    public static List<ParsedEntry> ParseAll(ExpositionParser parser, string body) => ParseAll(parser, Encoding.UTF8.GetBytes(body));

    public static List<ParsedEntry> ParseAll(ExpositionParser parser, byte[] body)
    {
        var entries = new List<ParsedEntry>();
        var builder = new LabelSetBuilder();
        parser.Reset(body);
        while (true)
        {
            var kind = parser.Next();
            if (kind == EntryKind.EndOfInput) break;
            LabelSet? labels = null;
            Exemplar? exemplar = null;
            if (kind == EntryKind.Series)
            {
                parser.Labels(builder);
                labels = builder.ToLabelSet();
                if (parser.TryGetExemplar(builder, out var ex)) exemplar = ex;
            }
            var text = kind switch
            {
                EntryKind.Help => Encoding.UTF8.GetString(parser.HelpText),
                EntryKind.Unit => Encoding.UTF8.GetString(parser.UnitText),
                _ => string.Empty,
            };
            entries.Add(new ParsedEntry(
                kind,
                parser.Line,
                Encoding.UTF8.GetString(parser.SeriesKey),
                Encoding.UTF8.GetString(parser.MetricName),
                parser.Value,
                parser.TimestampMs,
                Encoding.UTF8.GetString(parser.MetricFamily),
                parser.Type,
                text,
                labels,
                exemplar));
        }
        Assert.Equal(EntryKind.EndOfInput, parser.Next());
        return entries;
    }

    public static ParsedEntry Single(ExpositionParser parser, string body, EntryKind kind) =>
        Assert.Single(ParseAll(parser, body), e => e.Kind == kind);

    public static ExpositionException ParseError(ExpositionParser parser, string body) => ParseError(parser, Encoding.UTF8.GetBytes(body));

    public static ExpositionException ParseError(ExpositionParser parser, byte[] body) =>
        Assert.Throws<ExpositionException>(() => ParseAll(parser, body));

    /// <summary>
    /// ../shared/fixtures/exposition beside the checkout (or EXPOSITION_FIXTURES_DIR); null when absent. Under CI the
    /// fixtures must be there, so absence fails there instead of quietly testing nothing.
    /// </summary>
    public static string? FixturesDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("EXPOSITION_FIXTURES_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "MetricsServer.sln"))) continue;
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "exposition"));
            if (Directory.Exists(candidate)) return candidate;
            break;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("exposition fixtures not found: set EXPOSITION_FIXTURES_DIR or provide ../shared/fixtures/exposition beside the checkout");
        }
        return null;
    }

    public static ExpositionParser ParserFor(string fileName) =>
        fileName.Contains(".om.", StringComparison.Ordinal) ? new OpenMetricsParser() : new PrometheusTextParser();

    public static string Render(LabelSet labels)
    {
        var sb = new StringBuilder();
        foreach (var l in labels)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(l.ToString());
        }
        return sb.ToString();
    }
}
