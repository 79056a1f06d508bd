namespace MetricsServer.Query.Parsing;

/// <summary>The kinds of PromQL tokens.</summary>
public enum TokenKind
{
    Eof,
    Identifier,
    /// <summary>An identifier containing a colon (<c>job:rate5m</c>).</summary>
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    /// <summary><c>=</c> in a label matcher.</summary>
    Assign,
    Colon,

    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eqlc,
    Neq,
    Lss,
    Lte,
    Gtr,
    Gte,
    EqlRegex,
    NeqRegex,
    At,
    And,
    Or,
    Unless,
    Atan2,
    /// <summary><c>&lt;/</c>: trims a native histogram's buckets above a value (experimental).</summary>
    TrimUpper,
    /// <summary><c>&gt;/</c>: trims a native histogram's buckets below a value (experimental).</summary>
    TrimLower,

    // Aggregators.
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,

    // Keywords.
    Bool,
    By,
    Without,
    On,
    Ignoring,
    GroupLeft,
    GroupRight,
    Offset,

    // @ preprocessors.
    Start,
    End,
}
