using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MetricsServer.Scraper.Parsing;

/// <summary>Token scanning shared by both formats: names, quoted strings, label lists, numbers and errors.</summary>
public abstract partial class ExpositionParser
{
    private static readonly SearchValues<byte> MetricNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    private static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);

    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t"u8);

    private const int PairwiseLimit = 32;

    private HashSet<int>? _nameHashes;

    private protected static bool IsBlank(byte c) => c is (byte)' ' or (byte)'\t';

    private protected static int SkipBlanks(ReadOnlySpan<byte> buf, int i, int end)
    {
        while (i < end && IsBlank(buf[i])) i++;
        return i;
    }

    /// <summary>The end of a token that runs to the next blank (space or tab) or the end of the line.</summary>
    private protected static int TokenEnd(ReadOnlySpan<byte> buf, int i, int end)
    {
        var k = buf[i..end].IndexOfAny(Blanks);
        return k < 0 ? end : i + k;
    }

    /// <summary>The end of a legacy metric name <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> starting at <paramref name="i"/>; <paramref name="i"/> itself when there is none.</summary>
    private protected static int ScanMetricName(ReadOnlySpan<byte> buf, int i, int end)
    {
        if (i >= end || buf[i] is >= (byte)'0' and <= (byte)'9') return i;
        var k = buf[i..end].IndexOfAnyExcept(MetricNameChars);
        return k < 0 ? end : i + k;
    }

    /// <summary>The end of a legacy label name <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; <paramref name="i"/> itself when there is none.</summary>
    private protected static int ScanLabelName(ReadOnlySpan<byte> buf, int i, int end)
    {
        if (i >= end || buf[i] is >= (byte)'0' and <= (byte)'9') return i;
        var k = buf[i..end].IndexOfAnyExcept(LabelNameChars);
        return k < 0 ? end : i + k;
    }

    /// <summary>
    /// Reads a double-quoted string starting at the quote at <paramref name="i"/>; returns the index after the closing
    /// quote. The token covers the content between the quotes and is marked escaped when it holds a backslash.
    /// </summary>
    private protected int ParseQuoted(ReadOnlySpan<byte> buf, int i, int end, out Token token)
    {
        var j = i + 1;
        var escaped = false;
        while (true)
        {
            var k = j < end ? buf[j..end].IndexOfAny(QuoteOrBackslash) : -1;
            if (k < 0) throw Error(i, $"unterminated quoted string, got {Got(buf, i, end)}");
            j += k;
            if (buf[j] == (byte)'"') break;
            escaped = true;
            j += 2;
        }
        var content = buf[(i + 1)..j];
        if (!Utf8.IsValid(content)) throw Error(i, $"invalid UTF-8 in quoted string {Got(buf, i, end)}");
        token = new Token(i + 1, j - i - 1, escaped ? TokenForm.Escaped : TokenForm.Raw);
        return j + 1;
    }

    /// <summary>
    /// Reads a label list starting at the <c>{</c> at <paramref name="i"/> and returns the index after the closing brace.
    /// A quoted string standing alone is the metric name (Prometheus 3's UTF-8 syntax), as is a <c>__name__</c> label;
    /// a second metric name and a repeated label name are errors. <paramref name="lenient"/> (the text format) allows
    /// blanks between tokens and a trailing comma.
    /// </summary>
    private protected int ParseLabelList(ReadOnlySpan<byte> buf, int i, int end, bool lenient, bool exemplar)
    {
        i++;
        var afterComma = false;
        ref var count = ref exemplar ? ref _exemplarLabelCount : ref _labelCount;
        count = 0;
        while (true)
        {
            if (lenient) i = SkipBlanks(buf, i, end);
            if (i >= end) throw Error(i, "expected label name or closing brace, got end of line");
            var c = buf[i];
            if (c == (byte)'}')
            {
                if (afterComma && !lenient) throw Error(i, "expected label name after comma, got \"}\"");
                i++;
                break;
            }
            var nameStart = i;
            Token name;
            var quotedName = false;
            if (c == (byte)'"')
            {
                i = ParseQuoted(buf, i, end, out name);
                if (name.Length == 0) throw Error(nameStart, "empty quoted name");
                name = ToScratch(buf, name, quoteEscape: true);
                quotedName = true;
            }
            else
            {
                var j = ScanLabelName(buf, i, end);
                if (j == i) throw Error(i, $"invalid label name, got {Got(buf, i, end)}");
                name = new Token(i, j - i, TokenForm.Raw);
                i = j;
            }
            if (lenient) i = SkipBlanks(buf, i, end);
            if (quotedName && !exemplar && i < end && buf[i] is (byte)',' or (byte)'}')
            {
                if (_name.IsSet) throw Error(nameStart, "metric name specified twice");
                _name = name;
            }
            else
            {
                if (i >= end || buf[i] != (byte)'=') throw Error(i, $"expected equal sign after label name, got {Got(buf, i, end)}");
                i++;
                if (lenient) i = SkipBlanks(buf, i, end);
                if (i >= end || buf[i] != (byte)'"') throw Error(i, $"expected quoted label value, got {Got(buf, i, end)}");
                i = ParseQuoted(buf, i, end, out var value);
                if (!exemplar && TokenSpan(buf, name).SequenceEqual("__name__"u8))
                {
                    if (_name.IsSet) throw Error(nameStart, "duplicate label name \"__name__\"");
                    if (value.Length == 0) throw Error(nameStart, "empty metric name");
                    _name = ToScratch(buf, value, quoteEscape: true);
                }
                else
                {
                    AddLabel(exemplar, new LabelToken(name, value), buf, nameStart);
                }
            }
            if (lenient) i = SkipBlanks(buf, i, end);
            if (i >= end) throw Error(i, "expected comma or closing brace, got end of line");
            if (buf[i] == (byte)',')
            {
                afterComma = true;
                i++;
                continue;
            }
            if (buf[i] == (byte)'}')
            {
                i++;
                break;
            }
            throw Error(i, $"expected comma or closing brace after label value, got {Got(buf, i, end)}");
        }
        return i;
    }

    private void AddLabel(bool exemplar, LabelToken label, ReadOnlySpan<byte> buf, int at)
    {
        ref var labels = ref exemplar ? ref _exemplarLabels : ref _labels;
        ref var count = ref exemplar ? ref _exemplarLabelCount : ref _labelCount;
        var name = TokenSpan(buf, label.Name);
        if (count < PairwiseLimit)
        {
            // Series carry a handful of labels, so a pairwise check beats hashing; it also allocates nothing.
            for (var k = 0; k < count; k++)
            {
                if (TokenSpan(buf, labels[k].Name).SequenceEqual(name)) throw Error(at, $"duplicate label name {Quote(name)}");
            }
        }
        else
        {
            CheckDuplicateHashed(buf, labels, count, name, at);
        }
        if (count == labels.Length) Array.Resize(ref labels, labels.Length * 2);
        labels[count++] = label;
    }

    /// <summary>
    /// Past <see cref="PairwiseLimit"/> labels on one line the pairwise check would grow quadratically with hostile input;
    /// a set of name hashes keeps it linear. Only such lines pay for the set.
    /// </summary>
    private void CheckDuplicateHashed(ReadOnlySpan<byte> buf, LabelToken[] labels, int count, ReadOnlySpan<byte> name, int at)
    {
        var hashes = _nameHashes ??= new HashSet<int>();
        if (count == PairwiseLimit)
        {
            hashes.Clear();
            for (var k = 0; k < count; k++) hashes.Add(NameHash(TokenSpan(buf, labels[k].Name)));
        }
        if (!hashes.Add(NameHash(name)))
        {
            for (var k = 0; k < count; k++)
            {
                if (TokenSpan(buf, labels[k].Name).SequenceEqual(name)) throw Error(at, $"duplicate label name {Quote(name)}");
            }
        }
    }

    private static int NameHash(ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    /// <summary>Reads a metric name, bare or quoted, at <paramref name="i"/> in a metadata line; returns its end.</summary>
    private protected int ParseFamilyName(ReadOnlySpan<byte> buf, int i, int end, string keyword)
    {
        if (i < end && buf[i] == (byte)'"')
        {
            var j = ParseQuoted(buf, i, end, out var quoted);
            if (quoted.Length == 0) throw Error(i, $"empty metric name after {keyword}");
            _family = ToScratch(buf, quoted, quoteEscape: true);
            return j;
        }
        var e = ScanMetricName(buf, i, end);
        if (e == i) throw Error(i, $"expected metric name after {keyword}, got {Got(buf, i, end)}");
        _family = new Token(i, e - i, TokenForm.Raw);
        return e;
    }

    /// <summary>Stores HELP text, unescaping it into the scratch buffer only when it holds a backslash.</summary>
    private protected void SetHelpText(ReadOnlySpan<byte> buf, int start, int end, bool quoteEscape)
    {
        var raw = new Token(start, end - start, buf[start..end].Contains((byte)'\\') ? TokenForm.Escaped : TokenForm.Raw);
        if (!Utf8.IsValid(buf[start..end])) throw Error(start, "invalid UTF-8 in help text");
        _text = ToScratch(buf, raw, quoteEscape);
    }

    private protected double ParseValue(ReadOnlySpan<byte> buf, int start, int end, string what)
    {
        if (start >= end) throw Error(start, $"expected float as {what}, got end of line");
        if (!ExpositionNumbers.TryParseFloat(buf[start..end], out var v))
        {
            throw Error(start, $"expected float as {what}, got {Quote(buf[start..end])}");
        }
        return v;
    }

    private protected ExpositionException Error(int pos, string message)
    {
        var column = Math.Max(pos - _lineStart, 0) + 1;
        return new ExpositionException(_line, column, $"{FormatName} parsing error in line {_line}: {message}");
    }

    /// <summary>Describes what stands at <paramref name="i"/> for an error message: the token there, or end of line.</summary>
    private protected static string Got(ReadOnlySpan<byte> buf, int i, int end)
    {
        if (i >= end) return "end of line";
        var t = buf[i..end];
        var k = t.IndexOfAny(Blanks);
        // A blank where something else belongs is shown itself rather than as an empty token.
        return Quote(k < 0 ? t : t[..Math.Max(k, 1)]);
    }

    private protected static string Quote(ReadOnlySpan<byte> bytes)
    {
        const int Max = 64;
        var clipped = bytes.Length > Max;
        var text = Encoding.UTF8.GetString(clipped ? bytes[..Max] : bytes);
        var sb = new StringBuilder(text.Length + 8).Append('"');
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(ch)) sb.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(ch);
                    break;
            }
        }
        sb.Append('"');
        if (clipped) sb.Append("...");
        return sb.ToString();
    }
}
