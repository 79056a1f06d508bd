using System.Text.RegularExpressions;

namespace MetricsServer.Rules.Loading;

public static partial class RuleFileLoader
{
    /// <summary>
    /// Expands <c>rule_files</c> patterns as Go's <c>filepath.Glob</c> does: <c>*</c>, <c>?</c> and <c>[...]</c>
    /// within one path segment; a pattern matching nothing gives nothing; results sorted, duplicates dropped.
    /// Relative patterns are taken from the current directory (the config loader already made them absolute).
    /// </summary>
    public static IReadOnlyList<string> ExpandGlobs(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            if (pattern.IndexOfAny(['*', '?', '[']) < 0)
            {
                if (File.Exists(pattern)) result.Add(pattern);
                continue;
            }
            var root = Path.IsPathRooted(pattern) ? Path.GetPathRoot(pattern)! : "";
            var segments = pattern[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            Expand(root, segments, 0, result);
        }
        return [.. result];
    }

    private static void Expand(string prefix, string[] segments, int index, SortedSet<string> result)
    {
        var directory = prefix.Length == 0 ? "." : prefix;
        var segment = segments[index];
        var last = index == segments.Length - 1;
        IEnumerable<string> candidates;
        if (segment.IndexOfAny(['*', '?', '[']) < 0)
        {
            candidates = [segment];
        }
        else
        {
            if (!Directory.Exists(directory)) return;
            var regex = new Regex("^" + GlobToRegex(segment) + "$", RegexOptions.CultureInvariant);
            candidates = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => n is not null && regex.IsMatch(n))!;
        }
        foreach (var name in candidates)
        {
            var path = prefix.Length == 0 ? name : Path.Combine(prefix, name);
            if (last)
            {
                if (File.Exists(path)) result.Add(path);
            }
            else if (Directory.Exists(path))
            {
                Expand(path, segments, index + 1, result);
            }
        }
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }
                    var set = glob[(i + 1)..close];
                    if (set.StartsWith('^')) set = "^" + set[1..];
                    sb.Append('[').Append(set.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.ToString();
    }
}
