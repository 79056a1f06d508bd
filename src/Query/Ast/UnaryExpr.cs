using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>Unary minus or plus of a non-literal operand (a minus on a number literal is folded into the literal).</summary>
public sealed class UnaryExpr(bool negate, Expr expr, PositionRange position) : Expr(position)
{
    /// <summary>True for <c>-</c>, false for <c>+</c>.</summary>
    public bool Negate { get; } = negate;
    public Expr Expr { get; } = expr;

    public override ValueType Type => Expr.Type;
    public override IEnumerable<Expr> Children => [Expr];

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append(Negate ? '-' : '+');
        Expr.WriteTo(sb);
    }
}
