using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

/// <summary>
/// The value of a query. <see cref="Type"/> says which member is set: <see cref="Scalar"/> (its timestamp is the
/// evaluation time), <see cref="String"/>, <see cref="Vector"/> or <see cref="Matrix"/>; the others are empty.
/// A range query always answers with a matrix. Warnings and infos travel beside the value.
/// </summary>
public sealed class QueryResult
{
    public ValueType Type { get; init; }
    public double Scalar { get; init; }
    /// <summary>The evaluation time of a scalar or string result (ms).</summary>
    public long T { get; init; }
    public string? String { get; init; }
    public IReadOnlyList<VectorSample> Vector { get; init; } = [];
    public IReadOnlyList<MatrixSeries> Matrix { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<string> Infos { get; init; } = [];
}
