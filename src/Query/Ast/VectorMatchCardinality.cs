namespace MetricsServer.Query.Ast;

/// <summary>How series of the two sides of a binary operation pair up.</summary>
public enum VectorMatchCardinality
{
    OneToOne,
    /// <summary><c>group_left</c>.</summary>
    ManyToOne,
    /// <summary><c>group_right</c>.</summary>
    OneToMany,
    /// <summary>Set operators (<c>and</c>, <c>or</c>, <c>unless</c>).</summary>
    ManyToMany,
}
