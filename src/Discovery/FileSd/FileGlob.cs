using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MetricsServer.Discovery.FileSd;

/// <summary>
/// A file_sd pattern: a literal directory and a last path element that may hold Go's <c>filepath.Match</c>
/// wildcards (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[^a-z]</c>, <c>\</c> escapes), as Prometheus allows.
/// Matching lists the directory and tests each name, which is all Go's glob does for one element.
/// </summary>
internal sealed class FileGlob
{
    private readonly Regex? _regex;
    private readonly string? _literalName;

    private readonly bool _bareName;

    private FileGlob(string directory, bool bareName, Regex? regex, string? literalName)
    {
        Directory = directory;
        _bareName = bareName;
        _regex = regex;
        _literalName = literalName;
    }

    /// <summary>The directory to list and watch; <c>.</c> for a bare file name.</summary>
    public string Directory { get; }

    /// <summary>Parses <paramref name="pattern"/>; throws <see cref="ArgumentException"/> for a malformed one.</summary>
    public static FileGlob Parse(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var name = Path.GetFileName(pattern);
        var directory = Path.GetDirectoryName(pattern);
        // Like Go's glob, a bare name matches in the current directory and its matches stay bare names.
        var bareName = string.IsNullOrEmpty(directory);
        if (bareName) directory = ".";
        if (directory.AsSpan().IndexOfAny('*', '?', '[') >= 0)
            throw new ArgumentException($"only the last path element of \"{pattern}\" may contain wildcards", nameof(pattern));
        if (name.Length == 0) throw new ArgumentException($"\"{pattern}\" names a directory, not a file", nameof(pattern));
        if (name.AsSpan().IndexOfAny('*', '?', '[') < 0 && !name.Contains('\\', StringComparison.Ordinal))
            return new FileGlob(directory!, bareName, null, name);
        return new FileGlob(directory!, bareName, new Regex(ToRegex(name, pattern), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture), null);
    }

    /// <summary>The paths of regular files matching the pattern, sorted; none when the directory is missing.</summary>
    public List<string> ListFiles()
    {
        var result = new List<string>();
        if (_literalName is not null)
        {
            var path = PathOf(_literalName);
            if (File.Exists(path)) result.Add(path);
            return result;
        }
        if (!System.IO.Directory.Exists(Directory)) return result;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (_regex!.IsMatch(name)) result.Add(PathOf(name));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Whether <paramref name="fileName"/> (one path element) matches.</summary>
    public bool IsMatch(string fileName) =>
        _literalName is not null ? string.Equals(fileName, _literalName, StringComparison.Ordinal) : _regex!.IsMatch(fileName);

    private string PathOf(string name) => _bareName ? name : Path.Combine(Directory, name);

    private static string ToRegex(string name, string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\':
                    if (++i == name.Length) throw BadPattern(pattern, "ends with a lone backslash");
                    AppendEscaped(sb, name[i]);
                    break;
                case '[':
                    i = AppendClass(sb, name, i + 1, pattern);
                    break;
                default:
                    AppendEscaped(sb, c);
                    break;
            }
        }
        return sb.Append('$').ToString();
    }

    /// <summary>Translates a class starting after its '['; returns the index of its closing ']'.</summary>
    private static int AppendClass(StringBuilder sb, string name, int i, string pattern)
    {
        sb.Append('[');
        if (i < name.Length && name[i] == '^')
        {
            sb.Append('^');
            i++;
        }
        var ranges = 0;
        while (true)
        {
            if (i >= name.Length) throw BadPattern(pattern, "has an unterminated character class");
            // As in Go, a ']' right after '[' or '[^' is a literal, not the end of the class.
            if (name[i] == ']' && ranges > 0) break;
            var lo = ReadClassChar(name, ref i, pattern);
            var hi = lo;
            if (i < name.Length && name[i] == '-' && i + 1 < name.Length && name[i + 1] != ']')
            {
                i++;
                hi = ReadClassChar(name, ref i, pattern);
                if (hi < lo) throw BadPattern(pattern, "has a character range that runs backwards");
            }
            AppendClassChar(sb, lo);
            if (hi != lo)
            {
                sb.Append('-');
                AppendClassChar(sb, hi);
            }
            ranges++;
        }
        sb.Append(']');
        return i;
    }

    private static char ReadClassChar(string name, ref int i, string pattern)
    {
        var c = name[i++];
        if (c != '\\') return c;
        if (i >= name.Length) throw BadPattern(pattern, "ends with a lone backslash");
        return name[i++];
    }

    private static void AppendClassChar(StringBuilder sb, char c) =>
        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));

    private static void AppendEscaped(StringBuilder sb, char c) => sb.Append(Regex.Escape(c.ToString()));

    private static ArgumentException BadPattern(string pattern, string why) =>
        new($"file_sd pattern \"{pattern}\" {why}", nameof(pattern));
}
