using MetricsServer.Query.Ast;
using MetricsServer.Query.Parsing;

namespace MetricsServer.Query.Tests.PromqlTest;

public sealed class EvalPlannerTests
{
    private static EvalCommand Eval(string text) => (EvalCommand)TestScript.Parse("p.test", text).Commands[0];

    [Fact]
    public void ExtraQueries_InstantEval_PlansAtRerunsAndRange()
    {
        var extra = EvalPlanner.ExtraQueries(Eval("eval instant at 10m sum(rate(x[5m] offset 1m)) + y"));
        var reruns = extra.Where(q => q.Kind == ExtraCheckKind.AtRerun).ToList();
        Assert.Equal([-6_000_000L, 0, 120_000, 600_000, 6_000_000], reruns.Select(q => q.StartMs));
        Assert.Equal("sum(rate(x[5m] offset 1m @ 600)) + y @ 600", reruns[0].Expr);
        var range = Assert.Single(extra, q => q.Kind == ExtraCheckKind.InstantAsRange);
        Assert.Equal((true, 540_000L, 660_000L, 60_000L), (range.IsRange, range.StartMs, range.EndMs, range.StepMs));
    }

    [Fact]
    public void ExtraQueries_AtZero_UsesPlusMinusOneSecond() =>
        Assert.Equal([-1000L, 0, 1000], EvalPlanner.ExtraQueries(Eval("eval instant at 0 x")).Where(q => q.Kind == ExtraCheckKind.AtRerun).Select(q => q.StartMs));

    [Theory]
    [InlineData("eval instant at 1m time() + x")]
    [InlineData("eval instant at 1m hour(x)")]
    [InlineData("eval instant at 1m 1")]
    public void ExtraQueries_TimeDependentOrNoSelector_NoAtRerun(string line) =>
        Assert.DoesNotContain(EvalPlanner.ExtraQueries(Eval(line)), q => q.Kind == ExtraCheckKind.AtRerun);

    [Theory]
    [InlineData("eval instant at 1m x\n  expect ordered")]
    [InlineData("eval instant at 1m x[1m]\n  expect range vector from 0 to 1m step 1m")]
    [InlineData("eval instant at 1m \"a\"\n  expect string \"a\"")]
    [InlineData("eval instant at 1m x @ start()")]
    public void ExtraQueries_Excluded_NoRangeCheck(string text) =>
        Assert.DoesNotContain(EvalPlanner.ExtraQueries(Eval(text)), q => q.Kind == ExtraCheckKind.InstantAsRange);

    [Theory]
    [InlineData("eval range from 0 to 1m step 1m x")]
    [InlineData("eval instant at 1m x\n  expect fail")]
    public void ExtraQueries_RangeOrFailure_None(string text) => Assert.Empty(EvalPlanner.ExtraQueries(Eval(text)));

    [Theory]
    [InlineData("rate(x[5m])")]
    [InlineData("max_over_time(sum(x offset 1m)[10m:1m])")]
    [InlineData("x @ 100 + y")]
    [InlineData("foo{a=\"b\"} offset -1m and on(a) bar")]
    public void WithAt_Rewritten_PinsEverySelector(string query)
    {
        var expr = PromQLParser.Parse(query, PromQLParserOptions.AllFeatures);
        var text = EvalPlanner.WithAt(query, expr, 60_000, out _)!;
        var reparsed = PromQLParser.Parse(text, PromQLParserOptions.AllFeatures);
        Assert.All(Selectors(reparsed), at => Assert.True(at.IsSet, text));
    }

    [Fact]
    public void WithAt_Subquery_PinsTheSubqueryButNotItsInside()
    {
        const string query = "sum_over_time(x[30s:10s])";
        var text = EvalPlanner.WithAt(query, PromQLParser.Parse(query, PromQLParserOptions.AllFeatures), 60_000, out _);
        Assert.Equal("sum_over_time(x[30s:10s] @ 60)", text);
    }

    /// <summary>The <c>@</c> of every selector outside subqueries and of the outermost subqueries.</summary>
    private static IEnumerable<AtModifier> Selectors(Expr e)
    {
        if (e is VectorSelector vs) yield return vs.At;
        if (e is SubqueryExpr sq)
        {
            yield return sq.At;
            yield break;
        }
        foreach (var c in e.Children)
        {
            foreach (var a in Selectors(c)) yield return a;
        }
    }
}
