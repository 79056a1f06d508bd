using MetricsServer.Model.Metadata;

namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// The Prometheus text format 0.0.4: <c># HELP</c> and <c># TYPE</c> lines, other comments, blank lines, and
/// <c>name{labels} value [timestamp_ms]</c> samples. Like Prometheus it tolerates blanks around tokens, a trailing comma
/// in a label list, and a carriage return before the line feed. It also reads Prometheus 3's quoted names
/// (<c>{"my.metric", "my.label"="v"}</c>).
/// </summary>
public sealed class PrometheusTextParser : ExpositionParser
{
    private protected override string FormatName => "text format";

    public override EntryKind Next()
    {
        var buf = _input.Span;
        while (true)
        {
            if (_pos >= buf.Length)
            {
                _kind = EntryKind.EndOfInput;
                ClearEntry();
                return EntryKind.EndOfInput;
            }
            var start = _pos;
            var newline = buf[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? buf.Length : start + newline;
            _pos = newline < 0 ? buf.Length : end + 1;
            _line++;
            _lineStart = start;
            var i = SkipBlanks(buf, start, end);
            while (end > i && buf[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') end--;
            if (i == end) continue;
            ClearEntry();
            _kind = buf[i] == (byte)'#' ? ParseComment(buf, i, end) : ParseSeries(buf, i, end);
            return _kind;
        }
    }

    private EntryKind ParseComment(ReadOnlySpan<byte> buf, int i, int end)
    {
        // Only "# HELP " and "# TYPE " (each word followed by a blank) are metadata; anything else after '#' is a comment.
        if (i + 1 >= end || !IsBlank(buf[i + 1])) return EntryKind.Comment;
        var j = SkipBlanks(buf, i + 1, end);
        var k = TokenEnd(buf, j, end);
        if (k == end) return EntryKind.Comment;
        var word = buf[j..k];
        var isHelp = word.SequenceEqual("HELP"u8);
        if (!isHelp && !word.SequenceEqual("TYPE"u8)) return EntryKind.Comment;
        var keyword = isHelp ? "HELP" : "TYPE";
        j = SkipBlanks(buf, k, end);
        j = ParseFamilyName(buf, j, end, keyword);
        if (j < end && !IsBlank(buf[j])) throw Error(j, $"invalid metric name after {keyword}, got {Got(buf, j, end)}");
        j = SkipBlanks(buf, j, end);
        if (isHelp)
        {
            SetHelpText(buf, j, end, quoteEscape: false);
            return EntryKind.Help;
        }
        if (j >= end) throw Error(j, "expected metric type after TYPE, got end of line");
        k = TokenEnd(buf, j, end);
        _type = buf[j..k] switch
        {
            var t when t.SequenceEqual("counter"u8) => MetricType.Counter,
            var t when t.SequenceEqual("gauge"u8) => MetricType.Gauge,
            var t when t.SequenceEqual("histogram"u8) => MetricType.Histogram,
            var t when t.SequenceEqual("summary"u8) => MetricType.Summary,
            var t when t.SequenceEqual("untyped"u8) => MetricType.Unknown,
            _ => throw Error(j, $"unknown metric type {Quote(buf[j..k])}"),
        };
        j = SkipBlanks(buf, k, end);
        if (j < end) throw Error(j, $"unexpected text after metric type, got {Got(buf, j, end)}");
        return EntryKind.Type;
    }

    /// <summary>
    /// The index after the brace that closes the label list opened at <paramref name="i"/>, honouring quoted values
    /// and their escapes; -1 when the list is not closed on this line (the full parse then says what is wrong).
    /// </summary>
    private static int SkipLabelList(ReadOnlySpan<byte> buf, int i, int end)
    {
        var j = i + 1;
        while (j < end)
        {
            var k = buf[j..end].IndexOfAny((byte)'"', (byte)'}');
            if (k < 0) return -1;
            j += k;
            if (buf[j] == (byte)'}') return j + 1;
            j++;
            while (true)
            {
                k = j < end ? buf[j..end].IndexOfAny((byte)'"', (byte)'\\') : -1;
                if (k < 0) return -1;
                j += k;
                if (buf[j] == (byte)'"') break;
                j += 2;
            }
            j++;
        }
        return -1;
    }

    private EntryKind ParseSeries(ReadOnlySpan<byte> buf, int i, int end)
    {
        _keyStart = i;
        var j = i;
        if (buf[i] != (byte)'{')
        {
            j = ScanMetricName(buf, i, end);
            if (j == i) throw Error(i, $"expected metric name, got {Got(buf, i, end)}");
            _name = new Token(i, j - i, TokenForm.Raw);
            var k = SkipBlanks(buf, j, end);
            if (k < end && buf[k] == (byte)'{') j = k;
            else if (j < end && !IsBlank(buf[j])) throw Error(j, $"invalid character in metric name, got {Got(buf, j, end)}");
        }
        if (j < end && buf[j] == (byte)'{')
        {
            var skipped = DeferLabelValidation && _name.IsSet ? SkipLabelList(buf, j, end) : -1;
            if (skipped < 0)
            {
                j = ParseLabelList(buf, j, end, lenient: true, exemplar: false);
            }
            else
            {
                _deferredListStart = j;
                _deferredLineEnd = end;
                j = skipped;
            }
        }
        if (!_name.IsSet) throw Error(i, "metric name missing");
        _keyLength = j - i;

        if (j < end && !IsBlank(buf[j])) throw Error(j, $"expected blank after labels, got {Got(buf, j, end)}");
        j = SkipBlanks(buf, j, end);
        if (j >= end) throw Error(j, "expected float as value, got end of line");
        var k2 = TokenEnd(buf, j, end);
        _value = ParseValue(buf, j, k2, "value");
        j = SkipBlanks(buf, k2, end);
        if (j == end) return EntryKind.Series;

        k2 = TokenEnd(buf, j, end);
        if (!ExpositionNumbers.TryParseInt64(buf[j..k2], out _timestamp))
        {
            throw Error(j, $"expected integer as timestamp, got {Quote(buf[j..k2])}");
        }
        _hasTimestamp = true;
        j = SkipBlanks(buf, k2, end);
        if (j < end) throw Error(j, $"unexpected text after timestamp, got {Got(buf, j, end)}");
        return EntryKind.Series;
    }
}
