using MetricsServer.Model.Metadata;

namespace MetricsServer.Scraper.Parsing;

/// <summary>
/// OpenMetrics 1.0 text: <c># HELP</c>, <c># TYPE</c>, <c># UNIT</c> and a final <c># EOF</c>; samples as
/// <c>name{labels} value [timestamp_seconds] [# {labels} value [timestamp_seconds]]</c>. Stricter than the text format,
/// as the specification is: single spaces, no blank lines, no other comments, nothing after <c># EOF</c>, and a body
/// without <c># EOF</c> is an error. Timestamps are float seconds, handed out as milliseconds (truncated, as Prometheus
/// does). <c>_created</c> lines stay ordinary series. Quoted names (<c>{"my.metric"}</c>) are read as in the text format.
/// </summary>
public sealed class OpenMetricsParser : ExpositionParser
{
    private bool _eof;

    private protected override string FormatName => "openmetrics format";

    private protected override void OnReset() => _eof = false;

    public override EntryKind Next()
    {
        var buf = _input.Span;
        if (_eof)
        {
            _kind = EntryKind.EndOfInput;
            ClearEntry();
            return EntryKind.EndOfInput;
        }
        if (_pos >= buf.Length)
        {
            _line++;
            _lineStart = _pos;
            throw Error(_pos, "data does not end with # EOF");
        }
        var start = _pos;
        var newline = buf[start..].IndexOf((byte)'\n');
        var end = newline < 0 ? buf.Length : start + newline;
        _pos = newline < 0 ? buf.Length : end + 1;
        _line++;
        _lineStart = start;
        ClearEntry();
        if (start == end) throw Error(start, "unexpected empty line");
        _kind = buf[start] == (byte)'#' ? ParseComment(buf, start, end) : ParseSeries(buf, start, end);
        return _kind;
    }

    private EntryKind ParseComment(ReadOnlySpan<byte> buf, int i, int end)
    {
        var line = buf[i..end];
        if (line.SequenceEqual("# EOF"u8))
        {
            if (_pos < buf.Length)
            {
                _line++;
                _lineStart = _pos;
                throw Error(_pos, "unexpected data after # EOF");
            }
            _eof = true;
            return EntryKind.EndOfInput;
        }
        EntryKind kind;
        string keyword;
        if (line.StartsWith("# HELP "u8)) (kind, keyword) = (EntryKind.Help, "HELP");
        else if (line.StartsWith("# TYPE "u8)) (kind, keyword) = (EntryKind.Type, "TYPE");
        else if (line.StartsWith("# UNIT "u8)) (kind, keyword) = (EntryKind.Unit, "UNIT");
        else throw Error(i, $"expected HELP, TYPE, UNIT or EOF after #, got {Quote(line)}");

        var j = ParseFamilyName(buf, i + 7, end, keyword);
        if (j < end && buf[j] != (byte)' ') throw Error(j, $"invalid metric name after {keyword}, got {Got(buf, j, end)}");
        if (j < end) j++;
        switch (kind)
        {
            case EntryKind.Help:
                SetHelpText(buf, j, end, quoteEscape: true);
                break;
            case EntryKind.Type:
                _type = buf[j..end] switch
                {
                    var t when t.SequenceEqual("counter"u8) => MetricType.Counter,
                    var t when t.SequenceEqual("gauge"u8) => MetricType.Gauge,
                    var t when t.SequenceEqual("histogram"u8) => MetricType.Histogram,
                    var t when t.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
                    var t when t.SequenceEqual("summary"u8) => MetricType.Summary,
                    var t when t.SequenceEqual("info"u8) => MetricType.Info,
                    var t when t.SequenceEqual("stateset"u8) => MetricType.StateSet,
                    var t when t.SequenceEqual("unknown"u8) => MetricType.Unknown,
                    _ => throw Error(j, $"unknown metric type {Quote(buf[j..end])}"),
                };
                break;
            default:
                var unitEnd = ScanLabelName(buf, j, end);
                if (j < end && unitEnd != end) throw Error(j, $"invalid unit, got {Quote(buf[j..end])}");
                _text = new Token(j, end - j, TokenForm.Raw);
                // The specification asks the family name to end with the unit; Prometheus checks it as a suffix.
                if (_text.Length > 0 && !TokenSpan(buf, _family).EndsWith(buf[j..end]))
                {
                    throw Error(j, $"unit {Quote(buf[j..end])} not a suffix of metric {Quote(TokenSpan(buf, _family))}");
                }
                break;
        }
        return kind;
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
        }
        if (j < end && buf[j] == (byte)'{') j = ParseLabelList(buf, j, end, lenient: false, exemplar: false);
        if (!_name.IsSet) throw Error(i, "metric name missing");
        _keyLength = j - i;

        if (j >= end) throw Error(j, "expected value after metric, got end of line");
        if (buf[j] != (byte)' ') throw Error(j, $"expected space after metric name or labels, got {Got(buf, j, end)}");
        j++;
        if (j < end && buf[j] == (byte)' ') throw Error(j, "unexpected extra space");
        var k = ValueEnd(buf, j, end);
        _value = ParseValue(buf, j, k, "value");
        j = k;
        if (j == end) return EntryKind.Series;

        j = ExpectSpace(buf, j, end, "value");
        if (buf[j] != (byte)'#')
        {
            k = ValueEnd(buf, j, end);
            _timestamp = ParseTimestamp(buf, j, k);
            _hasTimestamp = true;
            j = k;
            if (j == end) return EntryKind.Series;
            j = ExpectSpace(buf, j, end, "timestamp");
            if (buf[j] != (byte)'#') throw Error(j, $"expected exemplar or end of line after timestamp, got {Got(buf, j, end)}");
        }
        ParseExemplar(buf, j, end);
        return EntryKind.Series;
    }

    private void ParseExemplar(ReadOnlySpan<byte> buf, int j, int end)
    {
        if (!buf[j..end].StartsWith("# {"u8)) throw Error(j, $"expected exemplar labels after #, got {Got(buf, j, end)}");
        j = ParseLabelList(buf, j + 2, end, lenient: false, exemplar: true);
        if (j >= end) throw Error(j, "expected exemplar value, got end of line");
        j = ExpectSpace(buf, j, end, "exemplar labels");
        var k = ValueEnd(buf, j, end);
        _exemplarValue = ParseValue(buf, j, k, "exemplar value");
        j = k;
        if (j < end)
        {
            j = ExpectSpace(buf, j, end, "exemplar value");
            k = ValueEnd(buf, j, end);
            _exemplarTimestamp = ParseTimestamp(buf, j, k);
            _exemplarHasTimestamp = true;
            if (k < end) throw Error(k, $"unexpected text after exemplar timestamp, got {Got(buf, k, end)}");
        }
        _hasExemplar = true;
    }

    private int ExpectSpace(ReadOnlySpan<byte> buf, int j, int end, string after)
    {
        if (buf[j] != (byte)' ') throw Error(j, $"expected space after {after}, got {Got(buf, j, end)}");
        j++;
        if (j >= end) throw Error(j, $"unexpected space at end of line after {after}");
        if (buf[j] == (byte)' ') throw Error(j, "unexpected extra space");
        return j;
    }

    /// <summary>Values and timestamps end at a space; a tab is not a separator in OpenMetrics and so fails the number.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> buf, int j, int end)
    {
        var k = buf[j..end].IndexOf((byte)' ');
        return k < 0 ? end : j + k;
    }

    private long ParseTimestamp(ReadOnlySpan<byte> buf, int start, int end)
    {
        if (start >= end) throw Error(start, "expected timestamp, got end of line");
        if (!ExpositionNumbers.TryParseFloat(buf[start..end], out var seconds) || double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            throw Error(start, $"expected float seconds as timestamp, got {Quote(buf[start..end])}");
        }
        var ms = seconds * 1000;
        if (ms is >= 9.2e18 or <= -9.2e18) throw Error(start, $"timestamp out of range, got {Quote(buf[start..end])}");
        return (long)ms;
    }
}
