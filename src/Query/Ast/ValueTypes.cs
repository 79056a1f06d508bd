namespace MetricsServer.Query.Ast;

/// <summary>Helpers for <see cref="ValueType"/>.</summary>
public static class ValueTypes
{
    /// <summary>The name Prometheus's documentation and error messages use: "instant vector", "range vector", ...</summary>
    public static string DocumentedName(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.Vector => "instant vector",
        ValueType.Matrix => "range vector",
        ValueType.String => "string",
        _ => "none",
    };

    /// <summary>The name Prometheus's API uses in <c>resultType</c>: "scalar", "vector", "matrix", "string".</summary>
    public static string ApiName(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.Vector => "vector",
        ValueType.Matrix => "matrix",
        ValueType.String => "string",
        _ => "none",
    };
}
