using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

/// <summary>The value of an expression at one evaluation time; <see cref="Type"/> says which member is set.</summary>
internal sealed class StepValue
{
    private StepValue(ValueType type) => Type = type;

    public ValueType Type { get; }
    public double Scalar { get; private init; }
    public string? String { get; private init; }
    public List<StepSample> Vector { get; private init; } = [];
    public List<RangeSeries> Matrix { get; private init; } = [];

    public static StepValue OfScalar(double v) => new(ValueType.Scalar) { Scalar = v };
    public static StepValue OfString(string s) => new(ValueType.String) { String = s };
    public static StepValue OfVector(List<StepSample> v) => new(ValueType.Vector) { Vector = v };
    public static StepValue OfMatrix(List<RangeSeries> m) => new(ValueType.Matrix) { Matrix = m };
}
