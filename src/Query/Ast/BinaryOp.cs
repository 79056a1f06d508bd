namespace MetricsServer.Query.Ast;

/// <summary>PromQL's binary operators.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,
    /// <summary><c>&lt;/</c> (experimental): keeps the part of each native histogram below the right-hand value.</summary>
    TrimUpper,
    /// <summary><c>&gt;/</c> (experimental): keeps the part of each native histogram above the right-hand value.</summary>
    TrimLower,
}
