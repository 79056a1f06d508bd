using MetricsServer.Model.Labels;
using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Rules.Tests.Evaluation;

public sealed class AlertingRuleTests
{
    private static readonly LabelSet UpA = LabelSet.FromStrings("__name__", "up", "job", "api", "instance", "a:9100");
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private const string Rules = """
        groups:
          - name: alerts
            rules:
              - alert: InstanceDown
                expr: up == 0
                for: 2m
                keep_firing_for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.instance | stripPort }} down, value {{ $value }}"
        """;

    private static AlertingRule Rule(RuleGroup g) => Assert.IsType<AlertingRule>(g.Rules[0]);

    [Fact]
    public async Task Alert_GoesPendingThenFiringThenKeepsFiringThenResolves()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        var group = f.Group(Rules);
        var rule = Rule(group);
        for (var i = 0; i <= 3; i++) f.Add(UpA, t + (i * Minute), 0);
        group.Evaluate(t);
        Assert.Equal(AlertState.Pending, rule.State);
        group.Evaluate(t + Minute);
        Assert.Equal(AlertState.Pending, rule.State);
        group.Evaluate(t + (2 * Minute));
        Assert.Equal(AlertState.Firing, rule.State);
        var alert = Assert.Single(rule.ActiveAlerts());
        Assert.Equal(LabelSet.FromStrings("alertname", "InstanceDown", "instance", "a:9100", "job", "api", "severity", "page"), alert.Labels);
        Assert.Equal("a down, value 0", alert.Annotations["summary"]);
        Assert.Equal(t, alert.ActiveAt);
        // The condition ends (the series goes up): kept firing for keep_firing_for, then resolved.
        f.Add(UpA, t + (4 * Minute), 1);
        group.Evaluate(t + (4 * Minute));
        Assert.Equal(AlertState.Firing, rule.State);
        group.Evaluate(t + (5 * Minute) + TimeSpan.FromSeconds(1));
        Assert.Equal(AlertState.Inactive, rule.State);
        Assert.Empty(rule.ActiveAlerts());
        var sent = f.Notifier.Sent;
        Assert.Contains(sent, a => a.EndsAt == t + (5 * Minute) + TimeSpan.FromSeconds(1));
        Assert.Contains(sent, a => a.StartsAt == t + (2 * Minute) && a.GeneratorUrl.StartsWith("http://prom.example:9090/graph?g0.expr=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alert_WritesAlertsAndForStateSeries()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 0);
        var group = f.Group(Rules);
        group.Evaluate(t);
        var labels = new[] { "instance", "a:9100", "job", "api", "severity", "page", "alertname", "InstanceDown" };
        var alerts = f.Samples(LabelSet.FromStrings([.. labels, "__name__", "ALERTS", "alertstate", "pending"]), t, t + Minute);
        var forState = f.Samples(LabelSet.FromStrings([.. labels, "__name__", "ALERTS_FOR_STATE"]), t, t + Minute);
        Assert.Equal([(t.ToUnixTimeMilliseconds(), 1.0)], alerts);
        Assert.Equal([(t.ToUnixTimeMilliseconds(), (double)t.ToUnixTimeSeconds())], forState);
    }

    [Fact]
    public async Task Restore_AfterRestartInPendingFor_CountsTimeBeforeTheOutageOnly()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        const string longFor = """
            groups:
              - name: alerts
                rules:
                  - alert: Slow
                    expr: up == 0
                    for: 30m
            """;
        for (var i = 0; i <= 40; i++) f.Add(UpA, t + (i * Minute), 0);
        var before = f.Group(longFor);
        for (var i = 0; i <= 10; i++) before.Evaluate(t + (i * Minute));
        Assert.Equal(AlertState.Pending, Rule(before).State);
        // Down from minute 10 to minute 15; a new group restores: 10 minutes of the 30 were served.
        var after = f.Group(longFor, shouldRestore: true);
        after.Evaluate(t + (15 * Minute));
        after.RestoreForState(t + (15 * Minute));
        var alert = Assert.Single(Rule(after).ActiveAlerts());
        Assert.Equal(t + (5 * Minute), alert.ActiveAt);
        after.Evaluate(t + (34 * Minute));
        Assert.Equal(AlertState.Pending, Rule(after).State);
        after.Evaluate(t + (35 * Minute));
        Assert.Equal(AlertState.Firing, Rule(after).State);
    }

    [Fact]
    public async Task Restore_AlertAboutToFire_WaitsForTheGracePeriod()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        const string longFor = """
            groups:
              - name: alerts
                rules:
                  - alert: Slow
                    expr: up == 0
                    for: 30m
            """;
        for (var i = 0; i <= 60; i++) f.Add(UpA, t + (i * Minute), 0);
        var before = f.Group(longFor);
        for (var i = 0; i <= 28; i++) before.Evaluate(t + (i * Minute));
        var after = f.Group(longFor, shouldRestore: true);
        after.Evaluate(t + (30 * Minute));
        after.RestoreForState(t + (30 * Minute));
        var alert = Assert.Single(Rule(after).ActiveAlerts());
        // Two minutes were left, less than the 10m grace period: it fires 10 minutes after the restart.
        Assert.Equal(t + (30 * Minute) + TimeSpan.FromMinutes(10) - TimeSpan.FromMinutes(30), alert.ActiveAt);
    }

    [Fact]
    public async Task Annotation_TemplateError_ShowsInTheAnnotation_AndDoesNotStopTheGroup()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 0);
        var group = f.Group("""
            groups:
              - name: g
                rules:
                  - alert: Broken
                    expr: up == 0
                    annotations:
                      summary: '{{ humanize "not a number" }}'
                  - record: after
                    expr: vector(1)
            """);
        group.Evaluate(t);
        var alert = Assert.Single(Rule(group).ActiveAlerts());
        Assert.StartsWith("<error expanding template: ", alert.Annotations["summary"], StringComparison.Ordinal);
        Assert.Equal(RuleHealth.Ok, group.Rules[1].Status.Health);
    }

    [Fact]
    public async Task Limit_TooManyAlerts_ClearsThemAndReportsPrometheusError()
    {
        await using var f = new RuleTestFixture();
        var t = RuleTestFixture.Start;
        f.Add(UpA, t, 0);
        f.Add(LabelSet.FromStrings("__name__", "up", "instance", "b"), t, 0);
        var group = f.Group("""
            groups:
              - name: g
                limit: 1
                rules:
                  - alert: Down
                    expr: up == 0
            """);
        group.Evaluate(t);
        Assert.Equal("exceeded limit of 1 with 2 alerts", group.Rules[0].Status.LastError);
        Assert.Empty(Rule(group).ActiveAlerts());
    }
}
