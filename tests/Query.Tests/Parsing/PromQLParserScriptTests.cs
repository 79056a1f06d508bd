using MetricsServer.Query.Parsing;
using Xunit.Abstractions;

namespace MetricsServer.Query.Tests.Parsing;

/// <summary>Every <c>eval</c> expression of Prometheus's test scripts parses (or fails to parse when the script expects it).</summary>
public class PromQLParserScriptTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_EveryScriptExpression_ParsesAndRoundTrips()
    {
        var dir = PromQLTestScripts.FindDirectory();
        if (dir is null)
        {
            Assert.False(PromQLTestScripts.IsCi, "PromQL test scripts not found: set PROMQLTEST_DIR or provide ../shared/promqltest");
            output.WriteLine("SKIPPED: PromQL test scripts not found (set PROMQLTEST_DIR)");
            return;
        }
        var cases = PromQLTestScripts.Harvest(dir);
        int parsed = 0, failedAsExpected = 0, expectedRuntimeFailure = 0;
        var problems = new List<string>();
        foreach (var c in cases)
        {
            Ast.Expr expr;
            try
            {
                expr = PromQLParser.Parse(c.Expr, PromQLParserOptions.AllFeatures);
            }
            catch (PromQLParseException e)
            {
                if (c.ExpectFail && (c.FailMessage is null || c.FailMessage == e.Message)) failedAsExpected++;
                else problems.Add($"{c.File}:{c.Line}: {c.Expr} -> {e.Message}");
                continue;
            }
            parsed++;
            if (c.ExpectFail) expectedRuntimeFailure++;
            var printed = expr.ToString();
            try
            {
                var reprinted = PromQLParser.Parse(printed, PromQLParserOptions.AllFeatures).ToString();
                if (reprinted != printed) problems.Add($"{c.File}:{c.Line}: round trip {printed} -> {reprinted}");
            }
            catch (PromQLParseException e)
            {
                problems.Add($"{c.File}:{c.Line}: printed form {printed} does not parse: {e.Message}");
            }
        }
        output.WriteLine($"{cases.Count} eval expressions: {parsed} parsed ({expectedRuntimeFailure} of them expect a failure at evaluation), {failedAsExpected} failed to parse as expected, {problems.Count} problems");
        foreach (var p in problems) output.WriteLine(p);
        Assert.True(cases.Count > 1000, $"only {cases.Count} eval lines found in {dir}");
        Assert.Empty(problems);
    }
}
