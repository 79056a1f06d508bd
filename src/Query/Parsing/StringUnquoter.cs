using System.Globalization;
using System.Text;

namespace MetricsServer.Query.Parsing;

/// <summary>
/// Unquotes PromQL string literals with Go's rules: <c>"..."</c> and <c>'...'</c> process escapes, backticks do not.
/// Escapes that produce bytes (<c>\xNN</c>, octal) are decoded as UTF-8; bytes that are not valid UTF-8 become lone
/// surrogates U+DC80..U+DCFF so that printing restores them.
/// </summary>
internal static class StringUnquoter
{
    /// <summary>Unquotes the token text including its quotes; returns null and an error message when an escape is bad.</summary>
    public static string? Unquote(ReadOnlySpan<char> text, out string error)
    {
        error = string.Empty;
        var quote = text[0];
        var body = text[1..^1];
        if (quote == '`' || body.IndexOf('\\') < 0) return body.ToString();

        var bytes = new List<byte>(body.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
                {
                    var n = new Rune(c, body[i + 1]).EncodeToUtf8(utf8);
                    for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                    i++;
                    continue;
                }
                var written = char.IsSurrogate(c) ? 0 : new Rune(c).EncodeToUtf8(utf8);
                for (var k = 0; k < written; k++) bytes.Add(utf8[k]);
                continue;
            }
            i++;
            var e = body[i];
            switch (e)
            {
                case 'a': bytes.Add(7); continue;
                case 'b': bytes.Add(8); continue;
                case 'f': bytes.Add(12); continue;
                case 'n': bytes.Add(10); continue;
                case 'r': bytes.Add(13); continue;
                case 't': bytes.Add(9); continue;
                case 'v': bytes.Add(11); continue;
                case '\\': bytes.Add((byte)'\\'); continue;
            }
            if (e == quote)
            {
                bytes.Add((byte)e);
                continue;
            }
            int digits, radix;
            switch (e)
            {
                case >= '0' and <= '7': digits = 3; radix = 8; i--; break;
                case 'x': digits = 2; radix = 16; break;
                case 'u': digits = 4; radix = 16; break;
                case 'U': digits = 8; radix = 16; break;
                default:
                    error = "unknown escape sequence " + FormatRune(e);
                    return null;
            }
            var value = 0L;
            for (var d = 0; d < digits; d++)
            {
                i++;
                if (i >= body.Length)
                {
                    error = "escape sequence not terminated";
                    return null;
                }
                var h = body[i];
                var v = radix == 16 ? (char.IsAsciiHexDigit(h) ? Convert.ToInt32(h.ToString(), 16) : -1) : (h is >= '0' and <= '7' ? h - '0' : -1);
                if (v < 0)
                {
                    error = "illegal character " + FormatRune(h) + " in escape sequence";
                    return null;
                }
                value = value * radix + v;
            }
            if (e == 'x' || radix == 8)
            {
                if (value > 255)
                {
                    error = "escape sequence is invalid Unicode code point " + FormatCodePoint(value);
                    return null;
                }
                bytes.Add((byte)value);
                continue;
            }
            if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
            {
                error = "escape sequence is invalid Unicode code point " + FormatCodePoint(value);
                return null;
            }
            var w = new Rune((int)value).EncodeToUtf8(utf8);
            for (var k = 0; k < w; k++) bytes.Add(utf8[k]);
        }
        return DecodeLenient(bytes);
    }

    private static string DecodeLenient(List<byte> bytes)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        var sb = new StringBuilder(span.Length);
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(span, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                span = span[consumed..];
            }
            else
            {
                sb.Append((char)(0xDC00 + span[0]));
                span = span[1..];
            }
        }
        return sb.ToString();
    }

    private static string FormatRune(char c) => FormatCodePoint(c) + " " + Lexer.QuoteRune(c);

    private static string FormatCodePoint(long value) => "U+" + value.ToString("X4", CultureInfo.InvariantCulture);
}
