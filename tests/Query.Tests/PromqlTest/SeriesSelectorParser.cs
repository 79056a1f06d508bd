using System.Globalization;
using System.Text;
using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Reads the series at the start of a load or result line: <c>name</c>, <c>name{a="b", c='d'}</c>,
/// <c>{__name__="x"}</c>, <c>{"utf8.name", a="b"}</c> or <c>{}</c>. Only equality is allowed: a script names series, it
/// does not select them. Empty values are dropped, as in Prometheus's label sets.
/// </summary>
public static class SeriesSelectorParser
{
    /// <summary>Parses the series at the start of <paramref name="text"/>; <paramref name="end"/> is the index after it.</summary>
    /// <exception cref="FormatException">Not a series.</exception>
    public static LabelSet Parse(string text, out int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = new List<Label>();
        var pos = 0;
        var nameStart = pos;
        while (pos < text.Length && IsNameChar(text[pos], pos == nameStart)) pos++;
        if (pos > nameStart) labels.Add(new Label(LabelNames.MetricName, text[nameStart..pos]));
        if (pos < text.Length && text[pos] == '{' && string.CompareOrdinal(text, pos, "{{", 0, 2) != 0)
        {
            pos++;
            while (true)
            {
                SkipSpace(text, ref pos);
                if (pos >= text.Length) throw new FormatException("unclosed '{' in series");
                if (text[pos] == '}')
                {
                    pos++;
                    break;
                }
                string name;
                if (text[pos] is '"' or '\'' or '`')
                {
                    name = ReadQuoted(text, ref pos);
                    SkipSpace(text, ref pos);
                    if (pos < text.Length && text[pos] is ',' or '}')
                    {
                        // A lone quoted string is the metric name.
                        labels.Add(new Label(LabelNames.MetricName, name));
                        if (text[pos] == ',') pos++;
                        continue;
                    }
                }
                else
                {
                    var s = pos;
                    while (pos < text.Length && IsNameChar(text[pos], pos == s) && text[pos] != ':') pos++;
                    if (pos == s) throw new FormatException($"expected a label name at \"{Rest(text, pos)}\"");
                    name = text[s..pos];
                    SkipSpace(text, ref pos);
                }
                if (pos >= text.Length || text[pos] != '=' || (pos + 1 < text.Length && text[pos + 1] == '~'))
                    throw new FormatException($"expected '=' after label {name} at \"{Rest(text, pos)}\" (only equality matchers name a series)");
                pos++;
                SkipSpace(text, ref pos);
                if (pos >= text.Length || text[pos] is not ('"' or '\'' or '`')) throw new FormatException($"expected a quoted value for label {name}");
                labels.Add(new Label(name, ReadQuoted(text, ref pos)));
                SkipSpace(text, ref pos);
                if (pos < text.Length && text[pos] == ',') pos++;
            }
        }
        else if (labels.Count == 0)
        {
            throw new FormatException($"expected a series at \"{Rest(text, 0)}\"");
        }
        end = pos;
        labels.RemoveAll(static l => l.Value.Length == 0);
        var arr = labels.ToArray();
        var set = LabelSet.FromUnsorted(arr);
        for (var i = 1; i < set.Count; i++)
        {
            if (set[i].Name == set[i - 1].Name) throw new FormatException($"duplicate label name \"{set[i].Name}\"");
        }
        return set;
    }

    private static bool IsNameChar(char c, bool first) =>
        c == '_' || c == ':' || char.IsAsciiLetter(c) || (!first && char.IsAsciiDigit(c));

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private static string Rest(string text, int pos) => pos >= text.Length ? "<end>" : text[pos..];

    /// <summary>A Go string literal: double- or single-quoted with escapes, or backquoted raw.</summary>
    public static string ReadQuoted(string text, ref int pos)
    {
        var quote = text[pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length) throw new FormatException("unterminated quoted string");
            var c = text[pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\' || quote == '`')
            {
                sb.Append(c);
                continue;
            }
            if (pos >= text.Length) throw new FormatException("unterminated escape");
            var e = text[pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'x': sb.Append((char)Hex(text, ref pos, 2)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Hex(text, ref pos, 4))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(text, ref pos, 8))); break;
                default: throw new FormatException($"unknown escape \\{e}");
            }
        }
    }

    private static int Hex(string text, ref int pos, int digits)
    {
        if (pos + digits > text.Length || !int.TryParse(text.AsSpan(pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
            throw new FormatException("invalid hex escape");
        pos += digits;
        return v;
    }
}
