using System.Buffers;
using System.Text.RegularExpressions;

namespace MetricsServer.Relabel;

/// <summary>
/// A <c>replacement</c> or <c>target_label</c> template parsed once, following Go's <c>regexp.Expand</c>:
/// <c>$name</c> and <c>${name}</c> where the name is the longest run of letters, digits and underscores; an all-digit
/// name (without a leading zero) is a group index; <c>$$</c> is a literal dollar; a malformed reference keeps its
/// <c>$</c> as text; an unknown name, an out-of-range index or an unmatched group expands to nothing.
/// References are resolved to .NET group numbers here, so expansion is a copy loop.
/// </summary>
internal sealed class ReplacementTemplate
{
    // A part is literal text (Group is unused) or a group reference (Text is null; Group -1 means "expands to empty").
    private readonly record struct Part(string? Text, int Group);

    private readonly Part[] _parts;

    /// <summary>The template's text when it has no group references, else null.</summary>
    public string? Literal { get; }

    /// <summary>The original template text.</summary>
    public string Source { get; }

    private ReplacementTemplate(string source, Part[] parts)
    {
        Source = source;
        _parts = parts;
        if (parts.Length == 0) Literal = string.Empty;
        else if (parts.Length == 1 && parts[0].Text is { } text) Literal = text;
    }

    /// <summary>True when <paramref name="template"/> contains something that <see cref="Parse"/> would expand.</summary>
    public static bool HasReferences(string template) => template.Contains('$', StringComparison.Ordinal);

    public static ReplacementTemplate Parse(string template, CaptureGroups groups)
    {
        var parts = new List<Part>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                literal.Append(template, i, template.Length - i);
                break;
            }
            literal.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                literal.Append('$');
                i++;
                continue;
            }
            if (!TryReadReference(template, ref i, out var name))
            {
                literal.Append('$');
                continue;
            }
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), 0));
                literal.Clear();
            }
            parts.Add(new Part(null, Resolve(name, groups)));
        }
        if (literal.Length > 0) parts.Add(new Part(literal.ToString(), 0));
        return new ReplacementTemplate(template, [.. parts]);
    }

    // Reads the name after a '$' at position i; on success i moves past the reference.
    private static bool TryReadReference(string template, ref int i, out string name)
    {
        name = string.Empty;
        var pos = i;
        var brace = pos < template.Length && template[pos] == '{';
        if (brace) pos++;
        var start = pos;
        while (pos < template.Length && IsNameChar(template[pos])) pos++;
        if (pos == start) return false;
        if (brace)
        {
            if (pos >= template.Length || template[pos] != '}') return false;
            name = template[start..pos];
            i = pos + 1;
            return true;
        }
        name = template[start..pos];
        i = pos;
        return true;
    }

    // Go accepts Unicode letters and digits in names, not only ASCII.
    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int Resolve(string name, CaptureGroups groups)
    {
        // An all-ASCII-digit name without a leading zero, below Go's limit of 1e8, is an index; anything else is a name.
        var numeric = name.Length <= 8 && (name.Length == 1 || name[0] != '0');
        var index = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9')
            {
                numeric = false;
                break;
            }
            index = index * 10 + (c - '0');
        }
        return numeric ? groups.ByIndex(index) : groups.ByName(name);
    }

    /// <summary>
    /// Expands the template against <paramref name="match"/> of <paramref name="input"/>. A null match stands for the
    /// default regex <c>(.*)</c>, whose groups 0 and 1 are the whole input, so that case needs no Match object.
    /// </summary>
    public string Expand(string input, Match? match)
    {
        if (Literal is not null) return Literal;
        if (_parts.Length == 1)
        {
            // A lone reference: hand back the existing string where there is one, so "$1" over "(.*)" allocates nothing.
            var group = _parts[0].Group;
            if (group < 0) return string.Empty;
            if (match is null) return group <= 1 ? input : string.Empty;
            var g = match.Groups[group];
            return !g.Success ? string.Empty : g.Length == input.Length ? input : g.Value;
        }

        var length = 0;
        foreach (var p in _parts) length += p.Text?.Length ?? GroupValue(p.Group, input, match).Length;
        if (length == 0) return string.Empty;

        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var at = 0;
            foreach (var p in _parts)
            {
                var value = p.Text is { } text ? text.AsSpan() : GroupValue(p.Group, input, match);
                value.CopyTo(buffer[at..]);
                at += value.Length;
            }
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static ReadOnlySpan<char> GroupValue(int group, string input, Match? match)
    {
        if (group < 0) return default;
        if (match is null) return group <= 1 ? input.AsSpan() : default;
        var g = match.Groups[group];
        return g.Success ? g.ValueSpan : default;
    }
}
