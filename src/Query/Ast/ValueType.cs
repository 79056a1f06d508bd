namespace MetricsServer.Query.Ast;

/// <summary>The four types a PromQL expression can evaluate to. <see cref="None"/> marks a node without a value.</summary>
public enum ValueType
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}
