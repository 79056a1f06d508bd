using System.Globalization;
using System.Text.RegularExpressions;
using MetricsServer.Model.Time;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// A parsed test script (see ../shared/promqltest/FORMAT.md). Lines are trimmed, so indentation is not significant; a
/// command runs until the next blank line, and a comment line counts as blank, as in Prometheus's harness.
/// </summary>
public sealed partial class TestScript
{
    private TestScript(string name, IReadOnlyList<ScriptCommand> commands)
    {
        Name = name;
        Commands = commands;
    }

    /// <summary>The file name the script came from, used in messages.</summary>
    public string Name { get; }

    public IReadOnlyList<ScriptCommand> Commands { get; }

    public static TestScript Load(string path) => Parse(Path.GetFileName(path), File.ReadAllText(path));

    /// <summary>Parses a whole script.</summary>
    /// <exception cref="ScriptParseException">The first malformed line, named by <paramref name="name"/> and line number.</exception>
    public static TestScript Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i].Trim();
            lines[i] = l.StartsWith('#') ? string.Empty : l;
        }
        var commands = new List<ScriptCommand>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var start = i;
            var end = i + 1;
            // clear is one line: the next command may follow it directly.
            var isClear = string.Equals(SpaceRegex().Split(lines[i], 2)[0], "clear", StringComparison.OrdinalIgnoreCase);
            while (!isClear && end < lines.Length && lines[end].Length != 0) end++;
            try
            {
                commands.Add(ParseCommand(lines, start, end));
            }
            catch (ScriptLineException e)
            {
                throw new ScriptParseException(name, e.Line + 1, e.Message, e.InnerException);
            }
            i = end - 1;
        }
        return new TestScript(name, commands);
    }

    private static ScriptCommand ParseCommand(string[] lines, int start, int end)
    {
        var head = lines[start];
        var word = SpaceRegex().Split(head, 2)[0].ToLowerInvariant();
        switch (word)
        {
            case "clear":
                if (SpaceRegex().Split(lines[start]).Length > 1) throw new ScriptLineException(start, "clear takes no argument");
                return new ClearCommand(start + 1);
            case "load":
            case "load_with_nhcb":
                return ParseLoad(lines, start, end, word == "load_with_nhcb");
            default:
                if (word.StartsWith("eval", StringComparison.Ordinal)) return ParseEval(lines, start, end);
                throw new ScriptLineException(start, $"invalid command \"{head}\"");
        }
    }

    private static LoadCommand ParseLoad(string[] lines, int start, int end, bool nhcb)
    {
        var parts = SpaceRegex().Split(lines[start]);
        if (parts.Length != 2) throw new ScriptLineException(start, $"invalid load command \"{lines[start]}\" (want: load <step>)");
        var step = ParseDuration(parts[1], start, "load step");
        if (step <= TimeSpan.Zero) throw new ScriptLineException(start, "load step must be positive");
        var series = new List<LoadSeries>();
        var starts = new List<LoadSeries>();
        for (var i = start + 1; i < end; i++)
        {
            At(i, () =>
            {
                var labels = SeriesSelectorParser.Parse(lines[i], out var pos);
                var rest = lines[i][pos..];
                if (rest.StartsWith("@st", StringComparison.Ordinal))
                {
                    starts.Add(new LoadSeries(labels, ValuesParser.Expand(rest[3..], durations: true), i + 1));
                }
                else
                {
                    if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) throw new FormatException($"expected values after the series, found \"{rest}\"");
                    series.Add(new LoadSeries(labels, ValuesParser.Expand(rest), i + 1));
                }
            });
        }
        return new LoadCommand(start + 1, step, nhcb, series, starts);
    }

    private static EvalCommand ParseEval(string[] lines, int start, int end)
    {
        var head = lines[start];
        var expectations = new List<Expectation>();
        string expr;
        bool isRange;
        long s, e, step;
        var m = EvalInstantRegex().Match(head);
        if (m.Success)
        {
            isRange = false;
            s = e = ParseTime(m.Groups["t"].Value, start);
            step = 0;
        }
        else
        {
            m = EvalRangeRegex().Match(head);
            if (!m.Success) throw new ScriptLineException(start, $"invalid eval command \"{head}\"");
            isRange = true;
            s = ParseTime(m.Groups["s"].Value, start);
            e = ParseTime(m.Groups["e"].Value, start);
            step = ParseTime(m.Groups["d"].Value, start);
            if (step <= 0) throw new ScriptLineException(start, "range step must be positive");
            if (e < s) throw new ScriptLineException(start, "range end before start");
        }
        expr = m.Groups["expr"].Value.Trim();
        switch (m.Groups["v"].Value)
        {
            case "fail": expectations.Add(new Expectation(ExpectationKind.Fail, MessageMatch.Any, null, start + 1)); break;
            case "warn": expectations.Add(new Expectation(ExpectationKind.Warn, MessageMatch.Any, null, start + 1)); break;
            case "info": expectations.Add(new Expectation(ExpectationKind.Info, MessageMatch.Any, null, start + 1)); break;
            case "ordered": expectations.Add(new Expectation(ExpectationKind.Ordered, MessageMatch.Any, null, start + 1)); break;
        }

        var expected = new List<ExpectedSeries>();
        SampleValue? scalar = null;
        string? str = null;
        RangeGrid? grid = null;
        for (var i = start + 1; i < end; i++)
        {
            var line = lines[i];
            if (line.StartsWith("expect ", StringComparison.Ordinal) || line == "expect")
            {
                At(i, () => ParseExpect(line, i, expectations, ref str, ref grid));
                continue;
            }
            if (line.StartsWith("expected_fail_message", StringComparison.Ordinal))
            {
                expectations.Add(new Expectation(ExpectationKind.Fail, MessageMatch.Exact, line["expected_fail_message".Length..].Trim(), i + 1));
                continue;
            }
            if (line.StartsWith("expected_fail_regexp", StringComparison.Ordinal))
            {
                expectations.Add(new Expectation(ExpectationKind.Fail, MessageMatch.Regex, line["expected_fail_regexp".Length..].Trim(), i + 1));
                continue;
            }
            if (ValuesParser.TryParseNumber(line, out var number))
            {
                if (isRange) throw new ScriptLineException(i, "a bare scalar is only valid for an instant eval");
                if (scalar is not null || expected.Count > 0) throw new ScriptLineException(i, "a scalar result must be the only result line");
                scalar = new SampleValue(number);
                continue;
            }
            At(i, () =>
            {
                if (scalar is not null) throw new FormatException("a scalar result must be the only result line");
                var labels = SeriesSelectorParser.Parse(line, out var pos);
                expected.Add(new ExpectedSeries(labels, ValuesParser.Expand(line[pos..]), i + 1));
            });
        }
        var cmd = new EvalCommand(start + 1, expr, isRange, s, e, step, expectations, expected, scalar, str, grid);
        var points = cmd.Steps().Count;
        foreach (var x in expected)
        {
            if (!isRange && grid is null && x.Values.Count != 1)
                throw new ScriptLineException(x.Line - 1, $"an instant eval expects one value per series, got {x.Values.Count}");
            if ((isRange || grid is not null) && x.Values.Count > points)
                throw new ScriptLineException(x.Line - 1, $"{x.Values.Count} values for {points} steps");
        }
        if (cmd.Ordered && isRange) throw new ScriptLineException(start, "expect ordered is only valid for instant evals");
        return cmd;
    }

    private static void ParseExpect(string line, int i, List<Expectation> expectations, ref string? str, ref RangeGrid? grid)
    {
        var body = line["expect".Length..].Trim();
        var word = SpaceRegex().Split(body, 2)[0];
        var rest = body[word.Length..].Trim();
        switch (word)
        {
            case "fail":
            case "warn":
            case "info":
                var kind = word switch { "fail" => ExpectationKind.Fail, "warn" => ExpectationKind.Warn, _ => ExpectationKind.Info };
                if (rest.Length == 0)
                    expectations.Add(new Expectation(kind, MessageMatch.Any, null, i + 1));
                else if (rest.StartsWith("msg:", StringComparison.Ordinal))
                    expectations.Add(new Expectation(kind, MessageMatch.Exact, rest[4..].Trim(), i + 1));
                else if (rest.StartsWith("regex:", StringComparison.Ordinal))
                    expectations.Add(new Expectation(kind, MessageMatch.Regex, CheckRegex(rest[6..].Trim()), i + 1));
                else
                    throw new FormatException($"expect {word} takes msg: or regex:, not \"{rest}\"");
                break;
            case "no_warn":
            case "no_info":
            case "ordered":
                if (rest.Length != 0) throw new FormatException($"expect {word} takes no argument");
                expectations.Add(new Expectation(
                    word switch { "no_warn" => ExpectationKind.NoWarn, "no_info" => ExpectationKind.NoInfo, _ => ExpectationKind.Ordered },
                    MessageMatch.Any, null, i + 1));
                break;
            case "string":
                var pos = 0;
                if (rest.Length == 0 || rest[0] is not ('"' or '\'' or '`')) throw new FormatException("expect string needs a quoted string");
                str = SeriesSelectorParser.ReadQuoted(rest, ref pos);
                if (pos != rest.Length) throw new FormatException($"unexpected \"{rest[pos..]}\" after expect string");
                break;
            case "range":
                var m = RangeVectorRegex().Match(rest);
                if (!m.Success) throw new FormatException($"invalid \"expect range vector\" line: want expect range vector from <t> to <t> step <d>");
                var s = ParseTime(m.Groups["s"].Value, i);
                var e = ParseTime(m.Groups["e"].Value, i);
                var d = ParseTime(m.Groups["d"].Value, i);
                if (d <= 0 || e < s) throw new FormatException("invalid range vector grid");
                grid = new RangeGrid(s, e, d);
                break;
            default:
                throw new FormatException($"unknown expectation \"expect {word}\"");
        }
    }

    private static string CheckRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return pattern;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid regex \"{pattern}\": {e.Message}", e);
        }
    }

    /// <summary>An evaluation time: a duration since the epoch (<c>1m30s</c>, <c>-5m</c>) or seconds (<c>90</c>, <c>1.5</c>), in ms.</summary>
    public static bool TryParseTime(string text, out long ms)
    {
        ArgumentNullException.ThrowIfNull(text);
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (PromDuration.TryParse(body, out var d, out _))
        {
            ms = (long)d.TotalMilliseconds * (negative ? -1 : 1);
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            ms = (long)Math.Round(seconds * 1000);
            return true;
        }
        ms = 0;
        return false;
    }

    private static long ParseTime(string text, int line) =>
        TryParseTime(text, out var ms) ? ms : throw new ScriptLineException(line, $"invalid time \"{text}\"");

    private static TimeSpan ParseDuration(string text, int line, string what) =>
        PromDuration.TryParse(text, out var d, out var error) ? d : throw new ScriptLineException(line, $"invalid {what}: {error}");

    /// <summary>Runs <paramref name="parse"/>, turning its format errors into errors at line <paramref name="i"/>.</summary>
    private static void At(int i, Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException e)
        {
            throw new ScriptLineException(i, e.Message, e);
        }
    }

    [GeneratedRegex("[\t ]+")]
    private static partial Regex SpaceRegex();

    [GeneratedRegex(@"^eval(?:_(?<v>fail|warn|info|ordered))?\s+instant\s+at\s+(?<t>\S+)\s+(?<expr>.+)$")]
    private static partial Regex EvalInstantRegex();

    [GeneratedRegex(@"^eval(?:_(?<v>fail|warn|info))?\s+range\s+from\s+(?<s>\S+)\s+to\s+(?<e>\S+)\s+step\s+(?<d>\S+)\s+(?<expr>.+)$")]
    private static partial Regex EvalRangeRegex();

    [GeneratedRegex(@"^vector\s+from\s+(?<s>\S+)\s+to\s+(?<e>\S+)\s+step\s+(?<d>\S+)$")]
    private static partial Regex RangeVectorRegex();
}
