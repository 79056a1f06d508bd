using System.Text.RegularExpressions;

namespace MetricsServer.Model.Labels;

/// <summary>
/// A label matcher. A missing label matches as the empty string, so <c>{a=""}</c> selects series without <c>a</c>.
/// Immutable and thread-safe.
/// </summary>
public sealed class Matcher
{
    private readonly Regex? _regex;

    public MatchType Type { get; }
    public string Name { get; }
    public string Value { get; }

    public Matcher(MatchType type, string name, string value)
    {
        Type = type;
        Name = name;
        Value = value;
        if (type is MatchType.Regex or MatchType.NotRegex) _regex = AnchoredRegex.Compile(value);
    }

    public static Matcher Equal(string name, string value) => new(MatchType.Equal, name, value);

    public bool Matches(string value) => Type switch
    {
        MatchType.Equal => string.Equals(value, Value, StringComparison.Ordinal),
        MatchType.NotEqual => !string.Equals(value, Value, StringComparison.Ordinal),
        MatchType.Regex => _regex!.IsMatch(value),
        MatchType.NotRegex => !_regex!.IsMatch(value),
        _ => false,
    };

    /// <summary>True when the matcher accepts the empty string, i.e. also selects series lacking the label.</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    public override string ToString()
    {
        var op = Type switch { MatchType.Equal => "=", MatchType.NotEqual => "!=", MatchType.Regex => "=~", _ => "!~" };
        return $"{Name}{op}\"{LabelSet.EscapeValue(Value)}\"";
    }
}
