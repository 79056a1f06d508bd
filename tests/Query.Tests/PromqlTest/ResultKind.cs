namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>The value type of a query result, as the HTTP API names them.</summary>
public enum ResultKind
{
    Scalar,
    Vector,
    Matrix,
    String,
}
