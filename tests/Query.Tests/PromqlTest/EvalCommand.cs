namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// <c>eval instant at t expr</c> (then <see cref="StartMs"/> = <see cref="EndMs"/> = t and <see cref="StepMs"/> = 0) or
/// <c>eval range from s to e step d expr</c>, with its expectations and expected result. An instant eval expects a
/// scalar when <see cref="ExpectedScalar"/> is set, a string when <see cref="ExpectedString"/> is set, a matrix on
/// the grid <see cref="RangeVector"/> when that is set, and otherwise a vector of <see cref="Expected"/>.
/// </summary>
public sealed record EvalCommand(
    int Line,
    string Expr,
    bool IsRange,
    long StartMs,
    long EndMs,
    long StepMs,
    IReadOnlyList<Expectation> Expectations,
    IReadOnlyList<ExpectedSeries> Expected,
    SampleValue? ExpectedScalar,
    string? ExpectedString,
    RangeGrid? RangeVector) : ScriptCommand(Line)
{
    public bool ExpectFail => Has(ExpectationKind.Fail);

    public bool Ordered => Has(ExpectationKind.Ordered);

    public bool Has(ExpectationKind kind) => Expectations.Any(e => e.Kind == kind);

    /// <summary>The timestamps a range query (or an expected range vector) has points at.</summary>
    public IReadOnlyList<long> Steps() =>
        IsRange ? new RangeGrid(StartMs, EndMs, StepMs).Timestamps() : RangeVector?.Timestamps() ?? [StartMs];
}
