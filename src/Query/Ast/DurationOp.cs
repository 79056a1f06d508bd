namespace MetricsServer.Query.Ast;

/// <summary>Operations of a duration expression (<c>[5m+1m]</c>, <c>offset -step()*2</c>).</summary>
public enum DurationOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// <summary>Unary minus of a non-literal operand.</summary>
    Negate,
    /// <summary>Unary plus of a non-literal operand.</summary>
    Plus,
    /// <summary>Parentheses, kept so the expression prints as written.</summary>
    Paren,
    /// <summary><c>step()</c>: the step of a range query, 0 for an instant query.</summary>
    Step,
    /// <summary><c>range()</c>: end minus start of a range query, 0 for an instant query.</summary>
    Range,
    MinOf,
    MaxOf,
}
