using System.Text;
using MetricsServer.Query.Functions;

namespace MetricsServer.Query.Ast;

/// <summary>A function call; <see cref="Function"/> describes the function from the <see cref="PromQLFunctions"/> table.</summary>
public sealed class Call(FunctionInfo function, IReadOnlyList<Expr> args, PositionRange position) : Expr(position)
{
    public FunctionInfo Function { get; } = function;
    public IReadOnlyList<Expr> Args { get; } = args;

    public override ValueType Type => Function.ReturnType;
    public override IEnumerable<Expr> Children => Args;

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append(Function.Name).Append('(');
        for (var i = 0; i < Args.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Args[i].WriteTo(sb);
        }
        sb.Append(')');
    }
}
