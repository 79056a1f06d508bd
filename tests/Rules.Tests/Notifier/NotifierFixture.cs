using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Labels;
using MetricsServer.Rules.Evaluation;
using MetricsServer.Rules.Notifier;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Rules.Tests.Notifier;

/// <summary>Builds notifiers with their own registry, plain HTTP clients and real static discovery.</summary>
internal static class NotifierFixture
{
    public static (AlertNotifier Notifier, NotifierMetrics Metrics) Create(int queueCapacity = 10_000)
    {
        var registry = Metrics.NewCustomRegistry();
        var discoveryMetrics = new DiscoveryMetrics(registry);
        var metrics = new NotifierMetrics(registry);
        var notifier = new AlertNotifier(new NotifierOptions
        {
            HttpClientFactory = _ => new HttpClient(),
            DiscovererFactory = new DefaultDiscovererFactory(TimeProvider.System, discoveryMetrics, NullLoggerFactory.Instance),
            Metrics = metrics,
            DiscoveryMetrics = discoveryMetrics,
            QueueCapacity = queueCapacity,
            DiscoveryUpdateInterval = TimeSpan.Zero,
        });
        return (notifier, metrics);
    }

    public static PrometheusConfig LoadConfig(string yaml) => ConfigLoader.Load(yaml, null);

    /// <summary>A config whose one alertmanagers entry lists <paramref name="addresses"/>.</summary>
    public static PrometheusConfig StaticConfig(params string[] addresses) => LoadConfig($$"""
        alerting:
          alertmanagers:
            - static_configs:
                - targets: [{{string.Join(", ", addresses.Select(a => $"'{a}'"))}}]
        """);

    public static NotifierAlert Alert(string name, params string[] labels)
    {
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        return new NotifierAlert(LabelSet.FromStrings(["alertname", name, .. labels]),
            new Dictionary<string, string> { ["summary"] = $"{name} is firing" },
            start, start.AddMinutes(4), "http://prom:9090/graph?g0.expr=up");
    }
}
