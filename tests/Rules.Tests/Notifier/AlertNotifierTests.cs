using MetricsServer.Rules.Evaluation;
using MetricsServer.Rules.Notifier;
using MetricsServer.TestSupport;
using static MetricsServer.Rules.Tests.Notifier.NotifierFixture;

namespace MetricsServer.Rules.Tests.Notifier;

public sealed class AlertNotifierTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sends_queued_alerts_in_batches_of_at_most_256()
    {
        using var am = new FakeAlertmanager();
        var (notifier, metrics) = Create();
        await using var _ = notifier;
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Send([.. Enumerable.Range(0, 600).Select(i => Alert($"a{i}"))]);
        notifier.Start();

        await Eventually.TrueAsync(() => am.Alerts.Count == 600, Bound, "600 alerts at the fake Alertmanager");
        Assert.Equal([256, 256, 88], am.Requests.Select(r => r.Body.GetArrayLength()));
        Assert.All(am.Requests, r => Assert.Equal("/api/v2/alerts", r.Path));
        Assert.All(am.Requests, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"a{i}"), am.Alerts.Select(FakeAlertmanager.AlertName));
        var url = $"http://{am.Address}/api/v2/alerts";
        await Eventually.TrueAsync(() => metrics.Sent.WithLabels(url).Value == 600, Bound, "sent_total counting 600");
        Assert.Equal(600, metrics.Notifications.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_alerts_and_counts_them()
    {
        using var am = new FakeAlertmanager();
        var (notifier, metrics) = Create(queueCapacity: 10);
        await using var _ = notifier;
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Send([.. Enumerable.Range(0, 8).Select(i => Alert($"a{i}"))]);
        notifier.Send([.. Enumerable.Range(8, 7).Select(i => Alert($"a{i}"))]);

        Assert.Equal(5, metrics.Dropped.Value);
        Assert.Equal(10, metrics.QueueLength.Value);
        Assert.Equal(10, metrics.QueueCapacity.Value);
        notifier.Start();
        await Eventually.TrueAsync(() => am.Alerts.Count == 10, Bound, "the 10 queued alerts");
        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"a{i}"), am.Alerts.Select(FakeAlertmanager.AlertName));
    }

    [Fact]
    public async Task A_list_longer_than_the_queue_keeps_its_newest_alerts()
    {
        using var am = new FakeAlertmanager();
        var (notifier, metrics) = Create(queueCapacity: 4);
        await using var _ = notifier;
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Send([.. Enumerable.Range(0, 9).Select(i => Alert($"a{i}"))]);
        Assert.Equal(5, metrics.Dropped.Value);
        notifier.Start();
        await Eventually.TrueAsync(() => am.Alerts.Count == 4, Bound, "the 4 queued alerts");
        Assert.Equal(["a5", "a6", "a7", "a8"], am.Alerts.Select(FakeAlertmanager.AlertName));
    }

    [Fact]
    public async Task Alerts_dropped_by_alert_relabel_configs_are_not_sent_and_kept_ones_are_rewritten()
    {
        using var am = new FakeAlertmanager();
        var (notifier, _) = Create();
        await using var __ = notifier;
        notifier.ApplyConfig(LoadConfig($$"""
            alerting:
              alert_relabel_configs:
                - source_labels: [severity]
                  regex: info
                  action: drop
                - target_label: routed
                  replacement: 'yes'
              alertmanagers:
                - static_configs:
                    - targets: ['{{am.Address}}']
            """));
        notifier.Start();
        notifier.Send([Alert("Noise", "severity", "info"), Alert("Page", "severity", "critical")]);

        await Eventually.TrueAsync(() => am.Alerts.Count >= 1, Bound, "the kept alert");
        var alert = Assert.Single(am.Alerts);
        Assert.Equal("Page", FakeAlertmanager.AlertName(alert));
        Assert.Equal("yes", alert.GetProperty("labels").GetProperty("routed").GetString());
    }

    [Fact]
    public async Task External_labels_are_attached_unless_the_alert_has_the_label()
    {
        using var am = new FakeAlertmanager();
        var (notifier, _) = Create();
        await using var __ = notifier;
        notifier.ApplyConfig(LoadConfig($$"""
            global:
              external_labels:
                cluster: eu1
                replica: r0
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['{{am.Address}}']
            """));
        notifier.Start();
        notifier.Send([Alert("Plain"), Alert("Own", "cluster", "mine")]);

        await Eventually.TrueAsync(() => am.Alerts.Count == 2, Bound, "both alerts");
        var byName = am.Alerts.ToDictionary(FakeAlertmanager.AlertName, a => a.GetProperty("labels"));
        Assert.Equal("eu1", byName["Plain"].GetProperty("cluster").GetString());
        Assert.Equal("r0", byName["Plain"].GetProperty("replica").GetString());
        Assert.Equal("mine", byName["Own"].GetProperty("cluster").GetString());
        Assert.Equal("r0", byName["Own"].GetProperty("replica").GetString());
    }

    [Fact]
    public async Task A_resolved_alert_carries_its_endsAt_and_the_v2_fields()
    {
        using var am = new FakeAlertmanager();
        var (notifier, _) = Create();
        await using var __ = notifier;
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Start();
        var resolvedAt = new DateTimeOffset(2025, 1, 2, 3, 30, 0, 250, TimeSpan.Zero);
        notifier.Send([Alert("Gone") with { EndsAt = resolvedAt }]);

        await Eventually.TrueAsync(() => am.Alerts.Count == 1, Bound, "the resolved alert");
        var alert = am.Alerts[0];
        Assert.Equal("2025-01-02T03:04:05.678Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("2025-01-02T03:30:00.250Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("http://prom:9090/graph?g0.expr=up", alert.GetProperty("generatorURL").GetString());
        Assert.Equal("Gone is firing", alert.GetProperty("annotations").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_reloaded_static_config_moves_alerts_to_the_new_Alertmanager()
    {
        using var first = new FakeAlertmanager();
        using var second = new FakeAlertmanager();
        var (notifier, metrics) = Create();
        await using var _ = notifier;
        notifier.ApplyConfig(StaticConfig(first.Address));
        notifier.Start();
        await Eventually.TrueAsync(() => notifier.ActiveAlertmanagers.Count == 1, Bound, "the first Alertmanager discovered");
        notifier.Send([Alert("One")]);
        await Eventually.TrueAsync(() => first.Alerts.Count == 1, Bound, "the alert at the first Alertmanager");

        notifier.ApplyConfig(StaticConfig(second.Address));
        await Eventually.TrueAsync(() => notifier.ActiveAlertmanagers.Select(a => a.Url.Port).SequenceEqual([second.Port])
            && metrics.AlertmanagersDiscovered.Value == 1, Bound, "the second Alertmanager replacing the first");
        notifier.Send([Alert("Two")]);
        await Eventually.TrueAsync(() => second.Alerts.Count == 1, Bound, "the alert at the second Alertmanager");
        Assert.Equal("Two", FakeAlertmanager.AlertName(second.Alerts[0]));
        Assert.Single(first.Alerts);
    }

    [Fact]
    public async Task Alertmanager_relabel_configs_drop_targets_and_path_prefix_sets_the_path()
    {
        using var kept = new FakeAlertmanager();
        var (notifier, metrics) = Create();
        await using var _ = notifier;
        notifier.ApplyConfig(LoadConfig($$"""
            alerting:
              alertmanagers:
                - path_prefix: /am/
                  static_configs:
                    - targets: ['{{kept.Address}}', 'dropped.example:9093']
                  relabel_configs:
                    - source_labels: [__address__]
                      regex: 'dropped\..*'
                      action: drop
            """));
        notifier.Start();
        await Eventually.TrueAsync(() => notifier.ActiveAlertmanagers.Count == 1 && metrics.AlertmanagersDiscovered.Value == 1,
            Bound, "one active Alertmanager");
        Assert.Equal(new Uri($"http://{kept.Address}/am/api/v2/alerts"), notifier.ActiveAlertmanagers[0].Url);
        Assert.Equal(new Uri("http://dropped.example:9093/am/api/v2/alerts"), Assert.Single(notifier.DroppedAlertmanagers).Url);

        notifier.Send([Alert("Routed")]);
        await Eventually.TrueAsync(() => kept.Requests.Count == 1, Bound, "the alert at the kept Alertmanager");
        Assert.Equal("/am/api/v2/alerts", kept.Requests.Single().Path);
    }

    [Fact]
    public async Task A_failing_Alertmanager_counts_errors_and_the_batch_as_dropped_without_retrying_it()
    {
        using var am = new FakeAlertmanager { Status = 500 };
        var (notifier, metrics) = Create();
        await using var _ = notifier;
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Start();
        notifier.Send([Alert("A"), Alert("B")]);

        var url = $"http://{am.Address}/api/v2/alerts";
        await Eventually.TrueAsync(() => metrics.Dropped.Value == 2 && metrics.Errors.WithLabels(url).Value == 2, Bound,
            "the failed batch counted as errors and as dropped");
        Assert.Equal(0, metrics.Sent.WithLabels(url).Value);

        // The next send is a new batch; the failed one is not sent again.
        am.Status = 200;
        notifier.Send([Alert("C")]);
        await Eventually.TrueAsync(() => metrics.Sent.WithLabels(url).Value == 1, Bound, "the next batch sent");
        Assert.Equal(["A", "B", "C"], am.Alerts.Select(FakeAlertmanager.AlertName));
    }

    [Fact]
    public async Task Without_alertmanagers_alerts_go_nowhere_and_are_not_counted_as_dropped()
    {
        var (notifier, metrics) = Create();
        await using var _ = notifier;
        notifier.ApplyConfig(LoadConfig("global: {}"));
        notifier.Start();
        notifier.Send([Alert("A")]);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Equal(1, metrics.Notifications.Value);
    }

    [Fact]
    public async Task Stop_awaits_the_loops_and_refuses_new_configs()
    {
        using var am = new FakeAlertmanager();
        var (notifier, _) = Create();
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Start();
        await notifier.StopAsync();
        Assert.Throws<ObjectDisposedException>(() => notifier.ApplyConfig(StaticConfig(am.Address)));
        notifier.Send([Alert("Late")]);
        Assert.Empty(am.Requests);
    }

    [Fact]
    public async Task Stop_sends_what_is_still_queued_first()
    {
        using var am = new FakeAlertmanager();
        var (notifier, _) = Create();
        notifier.ApplyConfig(StaticConfig(am.Address));
        notifier.Start();
        await Eventually.TrueAsync(() => notifier.ActiveAlertmanagers.Count == 1, Bound, "the Alertmanager discovered");
        notifier.Send([.. Enumerable.Range(0, 300).Select(i => Alert($"a{i}"))]);
        await notifier.StopAsync();
        Assert.Equal(300, am.Alerts.Count);
        Assert.Equal(0, notifier.QueueLength);
    }
}
