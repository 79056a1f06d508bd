using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A subquery <c>expr[range:step]</c>. <see cref="Step"/> is zero when omitted (the engine then uses the default
/// evaluation interval). Range, step and offset written as expressions are kept in the <c>*Expr</c> properties.
/// </summary>
public sealed class SubqueryExpr(
    Expr expr,
    TimeSpan range,
    DurationExpr? rangeExpr,
    TimeSpan step,
    DurationExpr? stepExpr,
    PositionRange position,
    TimeSpan offset = default,
    DurationExpr? offsetExpr = null,
    AtModifier at = default) : Expr(position)
{
    public Expr Expr { get; } = expr;
    public TimeSpan Range { get; } = range;
    public DurationExpr? RangeExpr { get; } = rangeExpr;
    public TimeSpan Step { get; } = step;
    public DurationExpr? StepExpr { get; } = stepExpr;
    public TimeSpan Offset { get; } = offset;
    public DurationExpr? OffsetExpr { get; } = offsetExpr;
    public AtModifier At { get; } = at;

    public bool HasOffset => Offset != TimeSpan.Zero || OffsetExpr is not null;

    public override ValueType Type => ValueType.Matrix;

    public override IEnumerable<Expr> Children
    {
        get
        {
            yield return Expr;
            if (RangeExpr is not null) yield return RangeExpr;
            if (StepExpr is not null) yield return StepExpr;
            if (OffsetExpr is not null) yield return OffsetExpr;
        }
    }

    internal SubqueryExpr With(PositionRange position, TimeSpan? offset = null, DurationExpr? offsetExpr = null, AtModifier? at = null) =>
        new(Expr, Range, RangeExpr, Step, StepExpr, position, offset ?? Offset, offsetExpr ?? OffsetExpr, at ?? At);

    public override void WriteTo(StringBuilder sb)
    {
        Expr.WriteTo(sb);
        sb.Append('[');
        Modifiers.WriteDuration(sb, Range, RangeExpr);
        sb.Append(':');
        if (StepExpr is not null) StepExpr.WriteTo(sb);
        else if (Step != TimeSpan.Zero) Modifiers.WriteDuration(sb, Step, null);
        sb.Append(']');
        Modifiers.WriteSuffix(sb, At, Offset, OffsetExpr, RangeModifier.None);
    }
}
