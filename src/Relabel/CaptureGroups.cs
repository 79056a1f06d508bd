using System.Text.RegularExpressions;

namespace MetricsServer.Relabel;

/// <summary>
/// Maps RE2's capture group numbering onto a compiled .NET regex. RE2 numbers every capturing group, named or not,
/// by the position of its opening parenthesis; .NET numbers the unnamed groups first and the named ones after them.
/// So <c>(?P&lt;a&gt;x)(y)</c> has <c>$1 = x</c> in Prometheus but group 1 is <c>y</c> in .NET. This type scans the
/// RE2 pattern to recover the RE2 order and translates each RE2 index to the .NET group number.
/// </summary>
internal sealed class CaptureGroups
{
    // Index i holds the .NET group number of RE2 group i (0 is the whole match).
    private readonly int[] _netNumbers;
    private readonly Dictionary<string, int> _byName;

    private CaptureGroups(int[] netNumbers, Dictionary<string, int> byName)
    {
        _netNumbers = netNumbers;
        _byName = byName;
    }

    /// <summary>Builds the map for <paramref name="regex"/>, compiled from the RE2 <paramref name="pattern"/>.</summary>
    public static CaptureGroups For(string pattern, Regex regex)
    {
        var groups = Scan(pattern);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = new int[groups.Count + 1];
        var unnamed = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            var name = groups[i];
            if (name is null)
            {
                numbers[i + 1] = ++unnamed;
            }
            else
            {
                numbers[i + 1] = regex.GroupNumberFromName(name);
                byName.TryAdd(name, numbers[i + 1]);
            }
        }

        // The scan is a light parser; should it ever disagree with the engine about how many groups exist, fall back
        // to the engine's own numbering rather than pointing at the wrong group.
        if (regex.GetGroupNumbers().Length != numbers.Length || Array.IndexOf(numbers, -1) >= 0)
        {
            numbers = regex.GetGroupNumbers();
            byName.Clear();
            foreach (var name in regex.GetGroupNames())
            {
                if (!int.TryParse(name, out _)) byName[name] = regex.GroupNumberFromName(name);
            }
        }
        return new CaptureGroups(numbers, byName);
    }

    /// <summary>The .NET group number of RE2 group <paramref name="index"/>, or -1 when there is no such group.</summary>
    public int ByIndex(int index) => index >= 0 && index < _netNumbers.Length ? _netNumbers[index] : -1;

    /// <summary>The .NET group number of the RE2 group named <paramref name="name"/>, or -1 when there is none.</summary>
    public int ByName(string name) => _byName.TryGetValue(name, out var n) ? n : -1;

    /// <summary>
    /// The capturing groups of an RE2 pattern in order of their opening parenthesis: null for an unnamed group,
    /// the name for <c>(?P&lt;name&gt;...)</c> or <c>(?&lt;name&gt;...)</c>.
    /// </summary>
    internal static List<string?> Scan(string pattern)
    {
        var groups = new List<string?>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i = SkipEscape(pattern, i);
            }
            else if (c == '[')
            {
                i = SkipClass(pattern, i);
            }
            else if (c == '(')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                {
                    var nameStart = pattern.AsSpan(i).StartsWith("(?P<") ? i + 4 : pattern.AsSpan(i).StartsWith("(?<") ? i + 3 : -1;
                    if (nameStart > 0)
                    {
                        var end = pattern.IndexOf('>', nameStart);
                        if (end < 0) return groups;
                        groups.Add(pattern[nameStart..end]);
                        i = end + 1;
                        continue;
                    }
                }
                else
                {
                    groups.Add(null);
                }
                i++;
            }
            else
            {
                i++;
            }
        }
        return groups;
    }

    private static int SkipEscape(string pattern, int i)
    {
        // \Q...\E quotes everything up to \E (or the end) literally.
        if (i + 1 < pattern.Length && pattern[i + 1] == 'Q')
        {
            var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
            return end < 0 ? pattern.Length : end + 2;
        }
        return i + 2;
    }

    private static int SkipClass(string pattern, int i)
    {
        i++;
        if (i < pattern.Length && pattern[i] == '^') i++;
        // A ']' right after the opening bracket is a literal member, not the end.
        if (i < pattern.Length && pattern[i] == ']') i++;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                i = end < 0 ? i + 1 : end + 2;
            }
            else if (c == ']')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return i;
    }
}
