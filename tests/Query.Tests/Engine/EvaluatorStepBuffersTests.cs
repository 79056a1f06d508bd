using System.Globalization;
using static MetricsServer.Query.Tests.Engine.EngineFixture;

namespace MetricsServer.Query.Tests.Engine;

/// <summary>
/// Range evaluation reuses each node's buffers from step to step; every step of a range query must still equal the
/// instant query at that time, also where series come and go between steps and one node is evaluated many times
/// per step inside a subquery.
/// </summary>
public class EvaluatorStepBuffersTests
{
    [Theory]
    [InlineData("sum by (job) (rate(http_requests[2m]))")]
    [InlineData("rate(stale_metric[2m]) or rate(counter[2m])")]
    [InlineData("max_over_time(sum(rate(http_requests[2m]))[3m:1m]) - sum(rate(http_requests[2m]))")]
    [InlineData("topk(1, rate(http_requests[2m])) + on(instance) group_left rate(http_requests[2m])")]
    public void RangeSteps_EqualInstantQueries(string query)
    {
        var range = Range(query, 0, 600, 60);
        var fromRange = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var series in range.Matrix)
        {
            foreach (var (t, f) in series.Floats) fromRange.Add($"{t / 1000} {series.Metric} => {f.ToString("R", CultureInfo.InvariantCulture)}");
        }
        var fromInstants = new SortedSet<string>(StringComparer.Ordinal);
        for (var t = 0L; t <= 600; t += 60)
        {
            foreach (var line in Render(Instant(query, t))) fromInstants.Add($"{t} {line}");
        }
        Assert.NotEmpty(fromInstants);
        Assert.Equal(fromInstants, fromRange);
    }
}
