using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// An aggregation. <see cref="Grouping"/> lists the <c>by</c> labels, or the <c>without</c> labels when
/// <see cref="Without"/> is set; <see cref="Param"/> is set for the operators with a parameter.
/// </summary>
public sealed class AggregateExpr(AggregateOp op, Expr expr, Expr? param, IReadOnlyList<string> grouping, bool without, PositionRange position) : Expr(position)
{
    public AggregateOp Op { get; } = op;
    public Expr Expr { get; } = expr;
    public Expr? Param { get; } = param;
    public IReadOnlyList<string> Grouping { get; } = grouping;
    public bool Without { get; } = without;

    public override ValueType Type => ValueType.Vector;
    public override IEnumerable<Expr> Children => Param is null ? [Expr] : [Param, Expr];

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append(Op.Text());
        if (Without || Grouping.Count > 0)
        {
            sb.Append(Without ? " without (" : " by (");
            VectorMatching.WriteLabels(sb, Grouping);
            sb.Append(") ");
        }
        sb.Append('(');
        if (Param is not null)
        {
            Param.WriteTo(sb);
            sb.Append(", ");
        }
        Expr.WriteTo(sb);
        sb.Append(')');
    }
}
