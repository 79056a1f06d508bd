using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;

namespace MetricsServer.Query.Tests.PromqlTest;

public sealed class ResultComparerTests
{
    private static EvalCommand Eval(string text) => (EvalCommand)TestScript.Parse("c.test", text).Commands[0];

    private static ActualSeries Series(string labels, params double[] values) =>
        new(SeriesSelectorParser.Parse(labels, out _), values.Select((v, i) => new ActualPoint(i * 60_000L, v)).ToList());

    [Theory]
    [InlineData("equal", 1.0, 1.0, true)]
    [InlineData("within 1e-6", 1.0, 1.0000001, true)]
    [InlineData("outside 1e-6", 1.0, 1.00001, false)]
    [InlineData("nan equals nan", double.NaN, double.NaN, true)]
    [InlineData("nan vs number", double.NaN, 1.0, false)]
    [InlineData("inf", double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData("inf sign", double.PositiveInfinity, double.NegativeInfinity, false)]
    [InlineData("zero vs tiny", 0.0, 1e-12, false)]
    public void FloatsEqual_Cases(string name, double a, double b, bool equal)
    {
        Assert.Equal(equal, ResultComparer.FloatsEqual(a, b));
        Assert.NotNull(name);
    }

    [Fact]
    public void Compare_VectorInAnyOrder_Passes()
    {
        var eval = Eval("eval instant at 0 x\n  x{a=\"1\"} 1\n  x{a=\"2\"} 2");
        Assert.Empty(ResultComparer.Compare(eval, ActualResult.OfVector([Series("x{a=\"2\"}", 2), Series("x{a=\"1\"}", 1)])));
    }

    [Fact]
    public void Compare_OrderedWrongOrder_Fails()
    {
        var eval = Eval("eval instant at 0 x\n  expect ordered\n  x{a=\"1\"} 1\n  x{a=\"2\"} 2");
        Assert.NotEmpty(ResultComparer.Compare(eval, ActualResult.OfVector([Series("x{a=\"2\"}", 2), Series("x{a=\"1\"}", 1)])));
    }

    [Theory]
    [InlineData("wrong value", "x{a=\"1\"}", 3.0)]
    [InlineData("extra label", "x{a=\"1\",b=\"2\"}", 1.0)]
    [InlineData("no name", "{a=\"1\"}", 1.0)]
    public void Compare_VectorMismatch_Fails(string name, string labels, double value)
    {
        var eval = Eval("eval instant at 0 x\n  x{a=\"1\"} 1");
        Assert.NotEmpty(ResultComparer.Compare(eval, ActualResult.OfVector([Series(labels, value)])));
        Assert.NotNull(name);
    }

    [Fact]
    public void Compare_EmptyExpectedAndEmptyResult_Passes() =>
        Assert.Empty(ResultComparer.Compare(Eval("eval instant at 0 x"), ActualResult.OfVector([])));

    [Fact]
    public void Compare_Range_MissingStepsMustBeAbsent()
    {
        var eval = Eval("eval range from 0 to 2m step 1m x\n  x 1 _ 3");
        var ok = new ActualSeries(LabelSet.FromStrings("__name__", "x"), [new ActualPoint(0, 1), new ActualPoint(120_000, 3)]);
        Assert.Empty(ResultComparer.Compare(eval, ActualResult.OfMatrix([ok])));
        Assert.NotEmpty(ResultComparer.Compare(eval, ActualResult.OfMatrix([Series("x", 1, 2, 3)])));
    }

    [Theory]
    [InlineData("expect fail", "boom", true)]
    [InlineData("expect fail msg: boom", "boom", true)]
    [InlineData("expect fail msg: boom", "bang", false)]
    [InlineData("expect fail regex: b.*m", "xx boom", true)]
    public void Compare_ExpectedFailure_MatchesMessage(string line, string error, bool pass)
    {
        var failures = ResultComparer.Compare(Eval("eval instant at 0 x\n  " + line), ActualResult.Failed(error));
        Assert.Equal(pass, failures.Count == 0);
    }

    [Fact]
    public void Compare_UnexpectedErrorOrMissingError_Fails()
    {
        Assert.NotEmpty(ResultComparer.Compare(Eval("eval instant at 0 x"), ActualResult.Failed("boom")));
        Assert.NotEmpty(ResultComparer.Compare(Eval("eval instant at 0 x\n  expect fail"), ActualResult.OfVector([])));
    }

    [Theory]
    [InlineData("expect warn", "w (1:1)", true)]
    [InlineData("expect warn msg: w (1:1)", "w (1:1)", true)]
    [InlineData("expect warn msg: other", "w (1:1)", false)]
    [InlineData("expect no_warn", "w (1:1)", false)]
    [InlineData("expect no_info", "w (1:1)", true)]
    [InlineData("expect info", "w (1:1)", false)]
    public void Compare_Annotations_FollowExpectLines(string line, string warning, bool pass)
    {
        var actual = ActualResult.OfVector([]) with { Warnings = [warning] };
        Assert.Equal(pass, ResultComparer.Compare(Eval("eval instant at 0 x\n  " + line), actual).Count == 0);
    }

    [Fact]
    public void Compare_ScalarAndString_AreChecked()
    {
        Assert.Empty(ResultComparer.Compare(Eval("eval instant at 0 1\n  1"), ActualResult.OfScalar(1)));
        Assert.NotEmpty(ResultComparer.Compare(Eval("eval instant at 0 1\n  1"), ActualResult.OfScalar(2)));
        Assert.Empty(ResultComparer.Compare(Eval("eval instant at 0 \"a\"\n  expect string \"a\""), ActualResult.OfString("a")));
        Assert.NotEmpty(ResultComparer.Compare(Eval("eval instant at 0 \"a\"\n  expect string \"a\""), ActualResult.OfString("b")));
    }

    [Fact]
    public void HistogramsEqual_IgnoresLayoutAndUnwrittenHint()
    {
        var e = ValuesParser.Expand("{{schema:0 count:3 sum:2 buckets:[1 0 2]}}")[0]!.Value;
        var a = new NativeHistogram
        {
            Count = 3, Sum = 2, PositiveSpans = [new BucketSpan(0, 1), new BucketSpan(1, 1)], PositiveBuckets = [1, 2],
            CounterResetHint = CounterResetHint.Gauge,
        };
        Assert.True(ResultComparer.ValuesEqual(e, new ActualPoint(0, 0, a)));
        var hinted = ValuesParser.Expand("{{schema:0 count:3 sum:2 buckets:[1 0 2] counter_reset_hint:reset}}")[0]!.Value;
        Assert.False(ResultComparer.ValuesEqual(hinted, new ActualPoint(0, 0, a)));
    }

    [Fact]
    public void CompareRangeMiddle_UnsortedOrDifferent_Fails()
    {
        var instant = ActualResult.OfVector([Series("x{a=\"1\"}", 5)]);
        var good = ActualResult.OfMatrix([new ActualSeries(LabelSet.FromStrings("__name__", "x", "a", "1"), [new ActualPoint(60_000, 5)])]);
        Assert.Empty(ResultComparer.CompareRangeMiddle(instant, good, 60_000));
        var unsorted = ActualResult.OfMatrix([Series("x{a=\"2\"}", 1), Series("x{a=\"1\"}", 1, 5)]);
        Assert.NotEmpty(ResultComparer.CompareRangeMiddle(ActualResult.OfVector([Series("x{a=\"1\"}", 5), Series("x{a=\"2\"}", 1)]), unsorted, 60_000));
    }

    [Fact]
    public void CompareSame_DifferentValue_Fails()
    {
        Assert.Empty(ResultComparer.CompareSame(ActualResult.OfVector([Series("x", 1)]), ActualResult.OfVector([Series("x", 1)])));
        Assert.NotEmpty(ResultComparer.CompareSame(ActualResult.OfVector([Series("x", 1)]), ActualResult.OfVector([Series("x", 2)])));
    }
}
