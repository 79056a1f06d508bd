using System.Text;
using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;

namespace MetricsServer.Query.Ast;

/// <summary>
/// An instant vector selector. <see cref="Matchers"/> holds every matcher, including <c>__name__="name"</c> when the
/// name was written before the braces (<see cref="Name"/> is then that name; otherwise it is empty, as for
/// <c>{__name__=~"job:.*"}</c> and <c>{"metric.name"}</c>). <see cref="Offset"/> is the offset with its sign
/// (positive looks back); when it was written as an expression, <see cref="OffsetExpr"/> holds it and
/// <see cref="Offset"/> its value if constant.
/// </summary>
public sealed class VectorSelector(
    string name,
    IReadOnlyList<Matcher> matchers,
    PositionRange position,
    TimeSpan offset = default,
    DurationExpr? offsetExpr = null,
    AtModifier at = default,
    RangeModifier rangeModifier = RangeModifier.None) : Expr(position)
{
    public string Name { get; } = name;
    public IReadOnlyList<Matcher> Matchers { get; } = matchers;
    public TimeSpan Offset { get; } = offset;
    public DurationExpr? OffsetExpr { get; } = offsetExpr;
    public AtModifier At { get; } = at;

    /// <summary><c>anchored</c> or <c>smoothed</c> (experimental extended range selectors).</summary>
    public RangeModifier RangeModifier { get; } = rangeModifier;

    public bool HasOffset => Offset != TimeSpan.Zero || OffsetExpr is not null;

    public override ValueType Type => ValueType.Vector;
    public override IEnumerable<Expr> Children => OffsetExpr is null ? [] : [OffsetExpr];

    internal VectorSelector With(
        PositionRange? position = null, TimeSpan? offset = null, DurationExpr? offsetExpr = null, AtModifier? at = null,
        RangeModifier? rangeModifier = null) =>
        new(Name, Matchers, position ?? Position, offset ?? Offset, offsetExpr ?? OffsetExpr, at ?? At, rangeModifier ?? RangeModifier);

    public override void WriteTo(StringBuilder sb)
    {
        WriteSelector(sb);
        Modifiers.WriteSuffix(sb, At, Offset, OffsetExpr, RangeModifier);
    }

    /// <summary>Writes name and matchers without modifiers; matchers sorted by their text, as Prometheus prints them.</summary>
    internal void WriteSelector(StringBuilder sb)
    {
        sb.Append(Name);
        List<string>? texts = null;
        foreach (var m in Matchers)
        {
            if (m.Name == LabelNames.MetricName && m.Type == MatchType.Equal && m.Value == Name && m.Value.Length != 0) continue;
            (texts ??= []).Add(FormatMatcher(m));
        }
        if (texts is null) return;
        texts.Sort(StringComparer.Ordinal);
        sb.Append('{');
        for (var i = 0; i < texts.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(texts[i]);
        }
        sb.Append('}');
    }

    /// <summary>A matcher as Prometheus prints it: name (quoted if not a legacy name), operator, Go-quoted value.</summary>
    public static string FormatMatcher(Matcher m)
    {
        var sb = new StringBuilder();
        GoQuote.AppendLabelName(sb, m.Name);
        sb.Append(m.Type switch { MatchType.Equal => "=", MatchType.NotEqual => "!=", MatchType.Regex => "=~", _ => "!~" });
        GoQuote.Append(sb, m.Value);
        return sb.ToString();
    }
}
