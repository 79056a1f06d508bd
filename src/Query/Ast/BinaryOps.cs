namespace MetricsServer.Query.Ast;

/// <summary>Classification, precedence and spelling of <see cref="BinaryOp"/>.</summary>
public static class BinaryOps
{
    public static bool IsComparison(this BinaryOp op) => op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Gtr or BinaryOp.Lss or BinaryOp.Gte or BinaryOp.Lte;

    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>Precedence as in operators.md, higher binds tighter: <c>^</c> 6; <c>* / % atan2</c> 5; <c>+ -</c> 4; comparisons 3; <c>and unless</c> 2; <c>or</c> 1.</summary>
    public static int Precedence(this BinaryOp op) => op switch
    {
        BinaryOp.Pow => 6,
        BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod or BinaryOp.Atan2 or BinaryOp.TrimUpper or BinaryOp.TrimLower => 5,
        BinaryOp.Add or BinaryOp.Sub => 4,
        BinaryOp.And or BinaryOp.Unless => 2,
        BinaryOp.Or => 1,
        _ => 3,
    };

    /// <summary>Only <c>^</c> is right-associative.</summary>
    public static bool IsRightAssociative(this BinaryOp op) => op == BinaryOp.Pow;

    public static string Text(this BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Gtr => ">",
        BinaryOp.Lss => "<",
        BinaryOp.Gte => ">=",
        BinaryOp.Lte => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        BinaryOp.TrimUpper => "</",
        BinaryOp.TrimLower => ">/",
        _ => "unless",
    };
}
