using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Rules.Tests.Evaluation;

public sealed class RuleGroupTests
{
    private static readonly LabelSet UpA = LabelSet.FromStrings("__name__", "up", "job", "api", "instance", "a");
    private static readonly LabelSet UpB = LabelSet.FromStrings("__name__", "up", "job", "api", "instance", "b");

    private const string Recording = """
        groups:
          - name: rec
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - record: job:up:doubled
                expr: job:up:sum * 2
                labels:
                  source: rules
        """;

    [Fact]
    public async Task Evaluate_RecordingRules_FeedTheNextRuleInTheSameEvaluation()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 1);
        f.Add(UpB, t, 1);
        var group = f.Group(Recording);
        group.Evaluate(t + TimeSpan.FromSeconds(10));
        var sum = f.Samples(LabelSet.FromStrings("__name__", "job:up:sum", "job", "api"), t, t + TimeSpan.FromMinutes(1));
        var doubled = f.Samples(LabelSet.FromStrings("__name__", "job:up:doubled", "job", "api", "source", "rules"), t, t + TimeSpan.FromMinutes(1));
        Assert.Equal([((t + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds(), 2.0)], sum);
        Assert.Equal([((t + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds(), 4.0)], doubled);
        Assert.All(group.Rules, r => Assert.Equal(RuleHealth.Ok, r.Status.Health));
    }

    [Fact]
    public async Task Evaluate_SeriesThatStops_GetsStalenessMarker()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 1);
        var group = f.Group("""
            groups:
              - name: g
                rules:
                  - record: copy
                    expr: up
            """);
        group.Evaluate(t + TimeSpan.FromSeconds(10));
        f.Add(UpA, t + TimeSpan.FromSeconds(15), StaleMarker.Value);
        group.Evaluate(t + TimeSpan.FromSeconds(70));
        var samples = f.Samples(LabelSet.FromStrings("__name__", "copy", "job", "api", "instance", "a"), t, t + TimeSpan.FromMinutes(5));
        Assert.Equal(2, samples.Count);
        Assert.True(StaleMarker.IsStale(samples[1].V));
        Assert.Equal((t + TimeSpan.FromSeconds(70)).ToUnixTimeMilliseconds(), samples[1].T);
    }

    [Fact]
    public async Task Evaluate_QueryOffset_QueriesAndStampsInThePast()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 5);
        var group = f.Group("""
            groups:
              - name: g
                query_offset: 30s
                rules:
                  - record: copy
                    expr: up
            """);
        group.Evaluate(t + TimeSpan.FromSeconds(40));
        var samples = f.Samples(LabelSet.FromStrings("__name__", "copy", "job", "api", "instance", "a"), t, t + TimeSpan.FromMinutes(5));
        Assert.Equal([((t + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds(), 5.0)], samples);
    }

    [Fact]
    public async Task Evaluate_LimitExceeded_FailsTheRuleWithPrometheusError_AndGoesOn()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 1);
        f.Add(UpB, t, 1);
        var group = f.Group("""
            groups:
              - name: g
                limit: 1
                rules:
                  - record: copy
                    expr: up
                  - record: total
                    expr: sum(up)
            """);
        group.Evaluate(t + TimeSpan.FromSeconds(10));
        Assert.Equal(RuleHealth.Err, group.Rules[0].Status.Health);
        Assert.Equal("exceeded limit of 1 with 2 series", group.Rules[0].Status.LastError);
        Assert.Equal(RuleHealth.Ok, group.Rules[1].Status.Health);
        Assert.Single(f.Samples(LabelSet.FromStrings("__name__", "total"), t, t + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task EvalTimestamp_IsAlignedToIntervalWithStableGroupOffset()
    {
        await using var f = new RuleTestFixture();
        var group = f.Group(Recording);
        var a = group.EvalTimestamp(RuleTestFixture.Start + TimeSpan.FromSeconds(7));
        var b = group.EvalTimestamp(RuleTestFixture.Start + TimeSpan.FromSeconds(67));
        Assert.Equal(TimeSpan.FromMinutes(1), b - a);
        Assert.True(a <= RuleTestFixture.Start + TimeSpan.FromSeconds(7));
        Assert.Equal(group.EvalTimestamp(a), a);
    }

    [Fact]
    public async Task Manager_RunsGroupsAtTheirInterval_DrivenByTheClock_AndCountsMissedIterations()
    {
        await using var f = new RuleTestFixture();
        var dir = Directory.CreateTempSubdirectory("rules-manager");
        try
        {
            var file = Path.Combine(dir.FullName, "r.yml");
            File.WriteAllText(file, Recording);
            var config = Config.ConfigLoader.Load($"rule_files: ['{file}']\nglobal:\n  evaluation_interval: 1m\n", null);
            await f.Manager.ApplyConfigAsync(config, null, CancellationToken.None);
            var group = Assert.Single(f.Manager.Groups);
            var evaluations = System.Threading.Channels.Channel.CreateUnbounded<DateTimeOffset>();
            group.Evaluated += (_, ts) => evaluations.Writer.TryWrite(ts);
            f.Clock.Advance(TimeSpan.FromMinutes(2));
            var first = await evaluations.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(first, group.EvalTimestamp(first));
            // Five intervals at once: the loop evaluates once and counts the ones it skipped.
            f.Clock.Advance(TimeSpan.FromMinutes(5));
            var second = await evaluations.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(second > first);
            Assert.True(f.Options.Metrics.IterationsMissed.WithLabels(group.Key).Value >= 1);
            Assert.Equal($"{file};rec", group.Key);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
