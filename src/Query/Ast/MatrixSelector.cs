using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A range vector selector: <see cref="VectorSelector"/> over <see cref="Range"/>. The <c>@</c>, <c>offset</c> and
/// range modifiers live on the inner selector, as in Prometheus, and print after the brackets.
/// </summary>
public sealed class MatrixSelector(VectorSelector vectorSelector, TimeSpan range, DurationExpr? rangeExpr, PositionRange position) : Expr(position)
{
    public VectorSelector VectorSelector { get; } = vectorSelector;
    public TimeSpan Range { get; } = range;

    /// <summary>The range as written when it is an expression (<c>[5m+1m]</c>); <see cref="Range"/> is its value if constant.</summary>
    public DurationExpr? RangeExpr { get; } = rangeExpr;

    public override ValueType Type => ValueType.Matrix;
    public override IEnumerable<Expr> Children => RangeExpr is null ? [VectorSelector] : [VectorSelector, RangeExpr];

    internal MatrixSelector With(VectorSelector vs, PositionRange position) => new(vs, Range, RangeExpr, position);

    public override void WriteTo(StringBuilder sb)
    {
        VectorSelector.WriteSelector(sb);
        sb.Append('[');
        Modifiers.WriteDuration(sb, Range, RangeExpr);
        sb.Append(']');
        Modifiers.WriteSuffix(sb, VectorSelector.At, VectorSelector.Offset, VectorSelector.OffsetExpr, VectorSelector.RangeModifier);
    }
}
