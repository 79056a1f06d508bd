using System.Text;
using System.Text.RegularExpressions;

namespace MetricsServer.Query.Engine;

/// <summary>
/// Expands a replacement template the way Go's <c>Regexp.Expand</c> does (label_replace's documented syntax):
/// <c>$name</c> takes the longest run of letters, digits and underscores as the name, <c>${name}</c> delimits it,
/// <c>$$</c> is a dollar; a number names a group by index; an unknown group expands to nothing.
/// </summary>
internal static class RegexTemplate
{
    public static string Expand(Match match, string template)
    {
        var sb = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            var next = template[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            string name;
            if (next == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0 || close == i + 2 || !IsName(template.AsSpan(i + 2, close - i - 2)))
                {
                    sb.Append(c);
                    i++;
                    continue;
                }
                name = template.Substring(i + 2, close - i - 2);
                i = close + 1;
            }
            else
            {
                var end = i + 1;
                while (end < template.Length && IsNameChar(template[end])) end++;
                if (end == i + 1)
                {
                    sb.Append(c);
                    i++;
                    continue;
                }
                name = template.Substring(i + 1, end - i - 1);
                i = end;
            }
            sb.Append(GroupValue(match, name));
        }
        return sb.ToString();
    }

    private static string GroupValue(Match match, string name)
    {
        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return index < match.Groups.Count ? match.Groups[index].Value : string.Empty;
        }
        var g = match.Groups[name];
        return g.Success ? g.Value : string.Empty;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        foreach (var ch in s)
        {
            if (!IsNameChar(ch)) return false;
        }
        return true;
    }

    private static bool IsNameChar(char ch) => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}
