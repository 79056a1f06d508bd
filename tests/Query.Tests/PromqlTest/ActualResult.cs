namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// What the engine returned for one query, in the runner's own terms so that the comparison does not depend on the
/// engine's types: an error message, or a scalar, string, vector or matrix; plus the annotations (warnings and infos,
/// each text ending with its <c>(line:col)</c>). The engine's output is adapted to this at the one call site.
/// </summary>
public sealed record ActualResult(
    ResultKind Kind,
    IReadOnlyList<ActualSeries> Series,
    double Scalar = 0,
    string? String = null,
    string? Error = null)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<string> Infos { get; init; } = [];

    public static ActualResult Failed(string error) => new(ResultKind.Vector, [], Error: error);

    public static ActualResult OfScalar(double value) => new(ResultKind.Scalar, [], Scalar: value);

    public static ActualResult OfString(string value) => new(ResultKind.String, [], String: value);

    public static ActualResult OfVector(IReadOnlyList<ActualSeries> series) => new(ResultKind.Vector, series);

    public static ActualResult OfMatrix(IReadOnlyList<ActualSeries> series) => new(ResultKind.Matrix, series);
}
