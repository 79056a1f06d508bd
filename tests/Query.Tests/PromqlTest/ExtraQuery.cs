namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// A query the runner runs besides an eval's own. For <see cref="ExtraCheckKind.AtRerun"/> it is an instant query at
/// <see cref="StartMs"/> (= <see cref="EndMs"/>, <see cref="StepMs"/> 0), compared with
/// <see cref="ResultComparer.CompareSame"/> against the eval's result; for <see cref="ExtraCheckKind.InstantAsRange"/>
/// a range query, compared with <see cref="ResultComparer.CompareRangeMiddle"/> at the eval's time.
/// </summary>
public sealed record ExtraQuery(ExtraCheckKind Kind, string Expr, bool IsRange, long StartMs, long EndMs, long StepMs);
