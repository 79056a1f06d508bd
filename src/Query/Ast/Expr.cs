using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A node of a parsed PromQL expression. Nodes are immutable; <see cref="ToString"/> prints the expression in
/// Prometheus's canonical form (what <c>/api/v1/format_query</c> returns), and parsing that text yields an equal tree.
/// </summary>
public abstract class Expr
{
    protected Expr(PositionRange position) => Position = position;

    /// <summary>Where the node was written in the query; used for error and annotation positions.</summary>
    public PositionRange Position { get; }

    /// <summary>The type this expression evaluates to.</summary>
    public abstract ValueType Type { get; }

    /// <summary>Appends the canonical text of this node.</summary>
    public abstract void WriteTo(StringBuilder sb);

    public sealed override string ToString()
    {
        var sb = new StringBuilder(64);
        WriteTo(sb);
        return sb.ToString();
    }

    /// <summary>The direct children, in source order, for walkers.</summary>
    public abstract IEnumerable<Expr> Children { get; }
}
