using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// An arithmetic duration expression (experimental in Prometheus: <c>promql-duration-expr</c>). Operands are
/// <see cref="NumberLiteral"/> leaves in seconds or nested duration expressions. <see cref="IsConstant"/> is false when
/// it uses <c>step()</c> or <c>range()</c>, which only the engine can resolve.
/// </summary>
public sealed class DurationExpr : Expr
{
    public DurationExpr(DurationOp op, IReadOnlyList<Expr> args, PositionRange position) : base(position)
    {
        Op = op;
        Args = args;
        var constant = op is not (DurationOp.Step or DurationOp.Range);
        foreach (var a in args)
        {
            if (a is DurationExpr d && !d.IsConstant) constant = false;
        }
        IsConstant = constant;
    }

    public DurationOp Op { get; }

    /// <summary>Two operands for binary operators, <c>min_of</c> and <c>max_of</c>; one for unary and parentheses; none for <c>step()</c>/<c>range()</c>.</summary>
    public IReadOnlyList<Expr> Args { get; }

    public bool IsConstant { get; }

    public override ValueType Type => ValueType.Scalar;
    public override IEnumerable<Expr> Children => Args;

    /// <summary>The value in seconds, given the query's step and range (both 0 for an instant query).</summary>
    public double Evaluate(double stepSeconds, double rangeSeconds) => Op switch
    {
        DurationOp.Add => Arg(0, stepSeconds, rangeSeconds) + Arg(1, stepSeconds, rangeSeconds),
        DurationOp.Sub => Arg(0, stepSeconds, rangeSeconds) - Arg(1, stepSeconds, rangeSeconds),
        DurationOp.Mul => Arg(0, stepSeconds, rangeSeconds) * Arg(1, stepSeconds, rangeSeconds),
        DurationOp.Div => Arg(0, stepSeconds, rangeSeconds) / Arg(1, stepSeconds, rangeSeconds),
        DurationOp.Mod => GoMod(Arg(0, stepSeconds, rangeSeconds), Arg(1, stepSeconds, rangeSeconds)),
        DurationOp.Pow => Math.Pow(Arg(0, stepSeconds, rangeSeconds), Arg(1, stepSeconds, rangeSeconds)),
        DurationOp.Negate => -Arg(0, stepSeconds, rangeSeconds),
        DurationOp.Plus or DurationOp.Paren => Arg(0, stepSeconds, rangeSeconds),
        DurationOp.Step => stepSeconds,
        DurationOp.Range => rangeSeconds,
        DurationOp.MinOf => Math.Min(Arg(0, stepSeconds, rangeSeconds), Arg(1, stepSeconds, rangeSeconds)),
        DurationOp.MaxOf => Math.Max(Arg(0, stepSeconds, rangeSeconds), Arg(1, stepSeconds, rangeSeconds)),
        _ => double.NaN,
    };

    // Go's math.Mod and C#'s % agree: the result has the sign of the dividend.
    private static double GoMod(double a, double b) => a % b;

    private double Arg(int i, double step, double range) => Args[i] switch
    {
        NumberLiteral n => n.Value,
        DurationExpr d => d.Evaluate(step, range),
        _ => double.NaN,
    };

    public override void WriteTo(StringBuilder sb)
    {
        switch (Op)
        {
            case DurationOp.Paren:
                sb.Append('(');
                Args[0].WriteTo(sb);
                sb.Append(')');
                return;
            case DurationOp.Negate:
                sb.Append('-');
                Args[0].WriteTo(sb);
                return;
            case DurationOp.Plus:
                sb.Append('+');
                Args[0].WriteTo(sb);
                return;
            case DurationOp.Step:
                sb.Append("step()");
                return;
            case DurationOp.Range:
                sb.Append("range()");
                return;
            case DurationOp.MinOf or DurationOp.MaxOf:
                sb.Append(Op == DurationOp.MinOf ? "min_of(" : "max_of(");
                Args[0].WriteTo(sb);
                sb.Append(", ");
                Args[1].WriteTo(sb);
                sb.Append(')');
                return;
        }
        Args[0].WriteTo(sb);
        sb.Append(Op switch
        {
            DurationOp.Add => " + ",
            DurationOp.Sub => " - ",
            DurationOp.Mul => " * ",
            DurationOp.Div => " / ",
            DurationOp.Mod => " % ",
            _ => " ^ ",
        });
        Args[1].WriteTo(sb);
    }
}
