namespace MetricsServer.Query.Tests.PromqlTest;

public sealed class TestScriptTests
{
    private const string Script = """
        # comment
        load 5m
          http_requests{job="api", instance="0"} 0+10x2
          {__name__="a", b="c"} 1 _ stale

        clear
        load_with_nhcb 1m
          x 1

        eval instant at 1m30s sum(http_requests)
          expect warn msg: PromQL warning: something (1:1)
          expect no_info
          expect ordered
          {} 20

        eval_fail range from 0 to 10m step 5m rate(x[5m])
          expected_fail_regexp bad.*

        eval instant at 5m 1
          2.5

        eval instant at 1m x[1m]
          expect range vector from 0 to 1m step 30s
          x 1 _ 2

        eval instant at 0 "a"
          expect string " a "
        """;

    [Fact]
    public void Parse_FullScript_YieldsCommandsWithLines()
    {
        var s = TestScript.Parse("t.test", Script);
        Assert.Equal(["LoadCommand", "ClearCommand", "LoadCommand", "EvalCommand", "EvalCommand", "EvalCommand", "EvalCommand", "EvalCommand"], s.Commands.Select(c => c.GetType().Name));
        var load = (LoadCommand)s.Commands[0];
        Assert.Equal((2, TimeSpan.FromMinutes(5)), (load.Line, load.Step));
        Assert.Equal("{__name__=\"http_requests\", instance=\"0\", job=\"api\"}", load.Series[0].Labels.ToString());
        Assert.Equal("{__name__=\"a\", b=\"c\"}", load.Series[1].Labels.ToString());
        Assert.True(((LoadCommand)s.Commands[2]).WithNhcb);
        var eval = (EvalCommand)s.Commands[3];
        Assert.Equal((10, 90_000L, false, "sum(http_requests)"), (eval.Line, eval.StartMs, eval.IsRange, eval.Expr));
        Assert.Equal(ExpectationKind.Warn, eval.Expectations[0].Kind);
        Assert.Equal("PromQL warning: something (1:1)", eval.Expectations[0].Text);
        Assert.True(eval.Ordered);
        Assert.Empty(eval.Expected[0].Labels);
        var range = (EvalCommand)s.Commands[4];
        Assert.Equal((0L, 600_000L, 300_000L), (range.StartMs, range.EndMs, range.StepMs));
        Assert.True(range.ExpectFail);
        Assert.Contains(range.Expectations, x => x.Match == MessageMatch.Regex && x.Text == "bad.*");
        Assert.Equal(2.5, ((EvalCommand)s.Commands[5]).ExpectedScalar!.Value.Float);
        var rv = (EvalCommand)s.Commands[6];
        Assert.Equal([0L, 30_000, 60_000], rv.Steps());
        Assert.Equal(" a ", ((EvalCommand)s.Commands[7]).ExpectedString);
    }

    [Theory]
    [InlineData("bogus command", 1, "invalid command")]
    [InlineData("load 5m\n  x 1+", 2, "invalid value")]
    [InlineData("load five\n  x 1", 1, "invalid load step")]
    [InlineData("\n\neval instant at 1m x\n  expect sometimes", 4, "unknown expectation")]
    [InlineData("eval instant at soon x", 1, "invalid time")]
    [InlineData("eval instant at 1m x\n  x 1 2", 2, "one value per series")]
    [InlineData("load 1m\n  x{a=~\"b\"} 1", 2, "only equality")]
    [InlineData("eval range from 0 to 1m step 1m x\n  1", 2, "bare scalar")]
    public void Parse_Malformed_NamesFileAndLine(string text, int line, string reason)
    {
        var e = Assert.Throws<ScriptParseException>(() => TestScript.Parse("bad.test", text));
        Assert.StartsWith($"bad.test:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.ScriptLine);
    }

    [Theory]
    [InlineData("1m30s", 90_000L)]
    [InlineData("0", 0L)]
    [InlineData("-5m", -300_000L)]
    [InlineData("1.5", 1500L)]
    public void TryParseTime_Forms_ReturnMilliseconds(string text, long ms)
    {
        Assert.True(TestScript.TryParseTime(text, out var got));
        Assert.Equal(ms, got);
    }
}
