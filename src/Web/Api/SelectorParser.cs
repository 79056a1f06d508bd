using System.Text;
using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Web.Api;

/// <summary>
/// Parses the series selectors the API takes in <c>match[]</c> and <c>match_target</c>: <c>metric</c>,
/// <c>{a="b", c=~"d"}</c> or <c>metric{a!="b"}</c>. The full PromQL parser lives in Query; this is the subset
/// selectors need, with errors naming the position.
/// </summary>
public static class SelectorParser
{
    public static Matcher[] Parse(string text)
    {
        var matchers = new List<Matcher>();
        var pos = 0;
        SkipSpace(text, ref pos);
        var nameStart = pos;
        while (pos < text.Length && IsNameChar(text[pos], pos == nameStart, metric: true)) pos++;
        if (pos > nameStart) matchers.Add(Matcher.Equal(LabelNames.MetricName, text[nameStart..pos]));
        SkipSpace(text, ref pos);
        if (pos < text.Length && text[pos] == '{')
        {
            pos++;
            while (true)
            {
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == '}')
                {
                    pos++;
                    break;
                }
                string name;
                if (pos < text.Length && text[pos] == '"')
                {
                    name = ReadString(text, ref pos);
                }
                else
                {
                    var ls = pos;
                    while (pos < text.Length && IsNameChar(text[pos], pos == ls, metric: false)) pos++;
                    if (pos == ls) throw Fail(text, pos, "expected label name");
                    name = text[ls..pos];
                }
                SkipSpace(text, ref pos);
                MatchType type;
                if (Match(text, ref pos, "=~")) type = MatchType.Regex;
                else if (Match(text, ref pos, "!~")) type = MatchType.NotRegex;
                else if (Match(text, ref pos, "!=")) type = MatchType.NotEqual;
                else if (Match(text, ref pos, "=")) type = MatchType.Equal;
                else if (matchers.Count == 0 && (pos >= text.Length || text[pos] is ',' or '}'))
                {
                    // A bare quoted name inside braces is the metric name (Prometheus 3's UTF-8 syntax).
                    matchers.Add(Matcher.Equal(LabelNames.MetricName, name));
                    if (pos < text.Length && text[pos] == ',') pos++;
                    continue;
                }
                else throw Fail(text, pos, "expected label matching operator");
                SkipSpace(text, ref pos);
                if (pos >= text.Length || text[pos] != '"') throw Fail(text, pos, "expected quoted label value");
                var value = ReadString(text, ref pos);
                try
                {
                    matchers.Add(new Matcher(type, name, value));
                }
                catch (ArgumentException e)
                {
                    throw new ApiError(ApiErrorType.BadData, $"invalid parameter: 1:{pos + 1}: parse error: {e.Message}");
                }
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    continue;
                }
                if (pos < text.Length && text[pos] == '}')
                {
                    pos++;
                    break;
                }
                throw Fail(text, pos, "expected , or } in label matchers");
            }
        }
        SkipSpace(text, ref pos);
        if (pos != text.Length) throw Fail(text, pos, $"unexpected character '{text[pos]}'");
        if (matchers.Count == 0) throw Fail(text, pos, "vector selector must contain at least one non-empty matcher");
        var allEmpty = true;
        foreach (var m in matchers) allEmpty &= m.MatchesEmpty;
        if (allEmpty) throw Fail(text, 0, "vector selector must contain at least one non-empty matcher");
        return [.. matchers];
    }

    private static bool Match(string text, ref int pos, string token)
    {
        if (string.CompareOrdinal(text, pos, token, 0, token.Length) != 0) return false;
        pos += token.Length;
        return true;
    }

    private static string ReadString(string text, ref int pos)
    {
        var quote = text[pos];
        var start = pos++;
        var sb = new StringBuilder();
        while (pos < text.Length && text[pos] != quote)
        {
            var c = text[pos++];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (pos >= text.Length) break;
            var e = text[pos++];
            sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
        }
        if (pos >= text.Length) throw Fail(text, start, "unterminated quoted string");
        pos++;
        return sb.ToString();
    }

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private static bool IsNameChar(char c, bool first, bool metric) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (metric && c == ':') || (!first && c is >= '0' and <= '9');

    private static ApiError Fail(string text, int pos, string message) =>
        new(ApiErrorType.BadData, $"invalid parameter \"match[]\": 1:{pos + 1}: parse error: {message} in \"{text}\"");
}
