namespace MetricsServer.Query.Ast;

/// <summary>A half-open range [<see cref="Start"/>, <see cref="End"/>) of UTF-16 character offsets in the query text.</summary>
public readonly record struct PositionRange(int Start, int End)
{
    public static PositionRange Merge(PositionRange a, PositionRange b) => new(Math.Min(a.Start, b.Start), Math.Max(a.End, b.End));
}
