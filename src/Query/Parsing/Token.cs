namespace MetricsServer.Query.Parsing;

/// <summary>A token: its kind and its half-open character range in the query.</summary>
public readonly record struct Token(TokenKind Kind, int Start, int End)
{
    public int Length => End - Start;
}
