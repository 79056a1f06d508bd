using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>Parentheses, kept in the tree so the expression prints as written.</summary>
public sealed class ParenExpr(Expr expr, PositionRange position) : Expr(position)
{
    public Expr Expr { get; } = expr;

    public override ValueType Type => Expr.Type;
    public override IEnumerable<Expr> Children => [Expr];

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append('(');
        Expr.WriteTo(sb);
        sb.Append(')');
    }
}
