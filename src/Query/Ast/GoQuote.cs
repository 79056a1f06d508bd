using System.Globalization;
using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// Quotes strings the way Go's <c>strconv.Quote</c> does, which is how Prometheus prints string literals, label
/// values and quoted names: printable characters as they are, the usual backslash escapes, and <c>\x</c>, <c>\u</c>,
/// <c>\U</c> for the rest. Lone surrogates U+DC80..U+DCFF stand for raw bytes and print as <c>\xNN</c>.
/// </summary>
public static class GoQuote
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (c < 0x20 || c == 0x7f)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }
            if (c < 0x7f)
            {
                sb.Append(c);
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var rune = new Rune(c, value[i + 1]);
                i++;
                if (IsPrint(Rune.GetUnicodeCategory(rune))) sb.Append(c).Append(value[i]);
                else sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
                continue;
            }
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                sb.Append("\\x").Append((c - 0xDC00).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }
            if (char.IsSurrogate(c) || !IsPrint(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                continue;
            }
            sb.Append(c);
        }
        sb.Append('"');
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols; the ASCII space only.</summary>
    private static bool IsPrint(UnicodeCategory cat) => cat switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };

    /// <summary>Prometheus's legacy label-name rule; other names are printed quoted.</summary>
    public static bool IsLegacyLabelName(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' || (i > 0 && c is >= '0' and <= '9')) continue;
            return false;
        }
        return true;
    }

    /// <summary>Appends a label name, quoted when it is not a legacy name (<c>"http.method"</c>).</summary>
    public static void AppendLabelName(StringBuilder sb, string name)
    {
        if (IsLegacyLabelName(name)) sb.Append(name);
        else Append(sb, name);
    }
}
