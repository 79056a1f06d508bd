using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Alerting;

/// <summary>
/// Rules to a real Alertmanager: a scraped series crosses a threshold, the alert reaches Debian's Alertmanager and
/// its webhook receiver with our labels and templated annotations, and resolves there when the series falls back.
/// Real clocks on both sides (Alertmanager keeps its own), so intervals are short and every wait is bounded.
/// </summary>
public sealed class AlertmanagerEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string RuleFile = """
        groups:
          - name: demo
            interval: 1s
            rules:
              - alert: DemoHigh
                expr: demo_value > 0
                for: 1s
                labels:
                  severity: page
                annotations:
                  summary: "demo value is {{ $value }} on {{ $labels.instance }}"
        """;

    [Fact]
    public async Task A_firing_rule_reaches_Alertmanager_and_its_webhook_and_resolves_when_the_condition_ends()
    {
        using var webhook = new WebhookReceiver();
        using var alertmanager = new AlertmanagerPeer(webhook.Url);
        await alertmanager.WaitUntilReadyAsync();
        await using var target = new ScrapeTarget("# TYPE demo_value gauge\ndemo_value 5\n");
        var rulesDir = Directory.CreateTempSubdirectory("ms-am-rules");
        await File.WriteAllTextAsync(Path.Combine(rulesDir.FullName, "demo.rules.yml"), RuleFile);
        var config = $$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
              external_labels:
                cluster: test
            rule_files: ['{{rulesDir.FullName}}/*.rules.yml']
            scrape_configs:
              - job_name: demo
                static_configs:
                  - targets: ['{{target.Address}}']
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['{{alertmanager.Address}}']
            """;
        await using var server = await TestServer.StartAsync(config, "--rules.alert.resend-delay=1s");

        await Eventually.TrueAsync(async () => (await server.GetJsonAsync("/api/v1/alertmanagers")).GetProperty("data")
            .GetProperty("activeAlertmanagers").GetArrayLength() == 1, Bound, "the Alertmanager in /api/v1/alertmanagers");
        var ams = (await server.GetJsonAsync("/api/v1/alertmanagers")).GetProperty("data");
        Assert.Equal($"http://{alertmanager.Address}/api/v2/alerts", ams.GetProperty("activeAlertmanagers")[0].GetProperty("url").GetString());
        Assert.Equal(0, ams.GetProperty("droppedAlertmanagers").GetArrayLength());

        await Eventually.TrueAsync(async () => (await alertmanager.AlertsAsync()).Count == 1, Bound, "the alert in Alertmanager's /api/v2/alerts");
        var alert = (await alertmanager.AlertsAsync())[0];
        var labels = alert.GetProperty("labels");
        Assert.Equal("DemoHigh", labels.GetProperty("alertname").GetString());
        Assert.Equal("page", labels.GetProperty("severity").GetString());
        Assert.Equal("demo", labels.GetProperty("job").GetString());
        Assert.Equal(target.Address, labels.GetProperty("instance").GetString());
        Assert.Equal("test", labels.GetProperty("cluster").GetString());
        Assert.Equal($"demo value is 5 on {target.Address}", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("/graph?g0.expr=", alert.GetProperty("generatorURL").GetString(), StringComparison.Ordinal);

        await Eventually.TrueAsync(() => HasNotification(webhook, "firing"), Bound, "a firing notification at the webhook");
        var firing = webhook.Notifications.First(n => n.GetProperty("status").GetString() == "firing");
        var hooked = firing.GetProperty("alerts")[0];
        Assert.Equal("DemoHigh", hooked.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal($"demo value is 5 on {target.Address}", hooked.GetProperty("annotations").GetProperty("summary").GetString());

        target.Body = "# TYPE demo_value gauge\ndemo_value 0\n";
        await Eventually.TrueAsync(async () => (await alertmanager.AlertsAsync()).Count == 0, Bound, "the alert resolved in Alertmanager");
        await Eventually.TrueAsync(() => HasNotification(webhook, "resolved"), Bound, "a resolved notification at the webhook");
        var resolved = webhook.Notifications.First(n => n.GetProperty("status").GetString() == "resolved").GetProperty("alerts")[0];
        Assert.Equal("DemoHigh", resolved.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("prometheus_notifications_alertmanagers_discovered 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"prometheus_notifications_sent_total{{alertmanager=\"http://{alertmanager.Address}/api/v2/alerts\"}}", metrics, StringComparison.Ordinal);
        rulesDir.Delete(recursive: true);
    }

    [Fact]
    public async Task Alertmanagers_api_lists_active_and_relabel_dropped_Alertmanagers()
    {
        var config = """
            alerting:
              alertmanagers:
                - scheme: https
                  path_prefix: /prefix
                  static_configs:
                    - targets: ['am-a.example:9093', 'am-b.example:9093']
                  relabel_configs:
                    - source_labels: [__address__]
                      regex: 'am-b.*'
                      action: drop
            """;
        await using var server = await TestServer.StartAsync(config);
        await Eventually.TrueAsync(async () => (await server.GetJsonAsync("/api/v1/alertmanagers")).GetProperty("data")
            .GetProperty("activeAlertmanagers").GetArrayLength() == 1, Bound, "the discovered Alertmanager");
        var json = await server.GetJsonAsync("/api/v1/alertmanagers");
        Assert.Equal("success", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        Assert.Equal("https://am-a.example:9093/prefix/api/v2/alerts", data.GetProperty("activeAlertmanagers")[0].GetProperty("url").GetString());
        Assert.Equal("https://am-b.example:9093/prefix/api/v2/alerts", Assert.Single(data.GetProperty("droppedAlertmanagers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task While_Alertmanager_is_down_failed_batches_are_counted_and_the_resend_delivers_once_it_is_up()
    {
        using var webhook = new WebhookReceiver();
        var amPort = FreePort.Next();
        var rulesDir = Directory.CreateTempSubdirectory("ms-am-rules");
        await File.WriteAllTextAsync(Path.Combine(rulesDir.FullName, "always.rules.yml"), """
            groups:
              - name: always
                interval: 1s
                rules:
                  - alert: Always
                    expr: vector(1)
            """);
        var config = $$"""
            rule_files: ['{{rulesDir.FullName}}/*.rules.yml']
            alerting:
              alertmanagers:
                - timeout: 2s
                  static_configs:
                    - targets: ['127.0.0.1:{{amPort}}']
            """;
        await using var server = await TestServer.StartAsync(config, "--rules.alert.resend-delay=1s");
        var url = $"http://127.0.0.1:{amPort}/api/v2/alerts";
        await Eventually.TrueAsync(async () =>
        {
            var metrics = await server.Http.GetStringAsync("/metrics");
            return metrics.Contains($"prometheus_notifications_errors_total{{alertmanager=\"{url}\"}}", StringComparison.Ordinal)
                && !metrics.Contains("prometheus_notifications_dropped_total 0", StringComparison.Ordinal);
        }, Bound, "errors and drops counted while Alertmanager is down");

        using var alertmanager = new AlertmanagerPeer(webhook.Url, amPort);
        await alertmanager.WaitUntilReadyAsync();
        await Eventually.TrueAsync(async () => (await alertmanager.AlertsAsync()).Count == 1, Bound, "the resent alert in Alertmanager");
        Assert.Equal("Always", (await alertmanager.AlertsAsync())[0].GetProperty("labels").GetProperty("alertname").GetString());
        rulesDir.Delete(recursive: true);
    }

    private static bool HasNotification(WebhookReceiver webhook, string status) =>
        webhook.Notifications.Any(n => n.GetProperty("status").GetString() == status);
}
