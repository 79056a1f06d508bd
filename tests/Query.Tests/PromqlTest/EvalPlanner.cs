using System.Globalization;
using System.Text.RegularExpressions;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Query.Tests.PromqlTest;

/// <summary>
/// Plans the extra queries FORMAT.md asks for on every instant eval that is expected to succeed: <c>@</c> re-runs at
/// other evaluation times, and the instant-as-range query.
/// </summary>
public static partial class EvalPlanner
{
    /// <summary>
    /// Functions whose result depends on the evaluation time even when every selector is pinned with <c>@</c>; an
    /// expression using one gets no <c>@</c> re-run.
    /// </summary>
    public static readonly IReadOnlySet<string> TimeDependentFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
        "predict_linear", "time", "timestamp",
    };

    private const long Minute = 60_000;

    /// <summary>The extra queries to run for <paramref name="eval"/>; empty for range evals and expected failures.</summary>
    public static IReadOnlyList<ExtraQuery> ExtraQueries(EvalCommand eval)
    {
        ArgumentNullException.ThrowIfNull(eval);
        if (eval.IsRange || eval.ExpectFail) return [];
        if (!PromQLParser.TryParse(eval.Expr, out var expr, out _, PromQLParserOptions.AllFeatures) || expr is null) return [];
        var t = eval.StartMs;
        var list = new List<ExtraQuery>();
        var usesStepFunctions = StepFunctionRegex().IsMatch(eval.Expr);

        var rewritten = WithAt(eval.Expr, expr, t, out var timeDependent);
        if (rewritten is not null && !timeDependent && !usesStepFunctions)
        {
            long[] times = t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t];
            foreach (var at in times) list.Add(new ExtraQuery(ExtraCheckKind.AtRerun, rewritten, false, at, at, 0));
        }
        if (eval.ExpectedString is null && eval.RangeVector is null && !eval.Ordered && !usesStepFunctions && !UsesStartOrEnd(expr))
        {
            list.Add(new ExtraQuery(ExtraCheckKind.InstantAsRange, eval.Expr, true, t - Minute, t + Minute, Minute));
        }
        return list;
    }

    /// <summary>
    /// <paramref name="text"/> with <c>@ t</c> appended to every vector selector, matrix selector and subquery that has
    /// no <c>@</c> and is not inside a subquery (which is pinned itself); null when there is none. Inserted as text after each node's source range, so the rest of the query
    /// stays exactly as written.
    /// </summary>
    public static string? WithAt(string text, Expr expr, long tMs, out bool timeDependent)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(expr);
        var points = new List<int>();
        var dependent = false;
        Visit(expr, points, ref dependent);
        timeDependent = dependent;
        if (points.Count == 0) return null;
        points.Sort();
        var at = " @ " + (tMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        var result = text;
        for (var i = points.Count - 1; i >= 0; i--) result = result.Insert(points[i], at);
        return result;
    }

    private static void Visit(Expr e, List<int> points, ref bool timeDependent)
    {
        switch (e)
        {
            case VectorSelector vs:
                if (!vs.At.IsSet) points.Add(vs.Position.End);
                return;
            case MatrixSelector ms:
                if (!ms.VectorSelector.At.IsSet) points.Add(ms.Position.End);
                return;
            case SubqueryExpr sq:
                // Prometheus's harness leaves everything inside a pinned subquery alone: the inner selectors keep
                // following the subquery's steps.
                if (!sq.At.IsSet) points.Add(sq.Position.End);
                return;
            case Call call:
                if (TimeDependentFunctions.Contains(call.Function.Name)) timeDependent = true;
                break;
        }
        foreach (var child in e.Children) Visit(child, points, ref timeDependent);
    }

    private static bool UsesStartOrEnd(Expr e)
    {
        var at = e switch
        {
            VectorSelector vs => vs.At,
            MatrixSelector ms => ms.VectorSelector.At,
            SubqueryExpr sq => sq.At,
            _ => AtModifier.None,
        };
        if (at.Kind is AtKind.Start or AtKind.End) return true;
        foreach (var child in e.Children)
        {
            if (UsesStartOrEnd(child)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"\b(?:start|end|range|step)\s*\(\s*\)")]
    private static partial Regex StepFunctionRegex();
}
