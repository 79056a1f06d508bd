using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A binary operation. <see cref="Matching"/> is null unless both operands are instant vectors (as in Prometheus);
/// for set operators its cardinality is many-to-many.
/// </summary>
public sealed class BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching? matching, bool returnBool, PositionRange position) : Expr(position)
{
    public BinaryOp Op { get; } = op;
    public Expr Lhs { get; } = lhs;
    public Expr Rhs { get; } = rhs;
    public VectorMatching? Matching { get; } = matching;

    /// <summary>The <c>bool</c> modifier of a comparison: return 0/1 instead of filtering.</summary>
    public bool ReturnBool { get; } = returnBool;

    public override ValueType Type => Lhs.Type == ValueType.Scalar && Rhs.Type == ValueType.Scalar ? ValueType.Scalar : ValueType.Vector;
    public override IEnumerable<Expr> Children => [Lhs, Rhs];

    public override void WriteTo(StringBuilder sb)
    {
        Lhs.WriteTo(sb);
        sb.Append(' ').Append(Op.Text());
        if (ReturnBool) sb.Append(" bool");
        Matching?.WriteTo(sb);
        sb.Append(' ');
        Rhs.WriteTo(sb);
    }
}
