using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Scraper.Targets;

namespace MetricsServer.Scraper.Tests.Targets;

public sealed class TargetBuilderTests
{
    private static ScrapeConfig Config(Action<ScrapeConfig>? configure = null)
    {
        var c = new ScrapeConfig { JobName = "node", ScrapeInterval = TimeSpan.FromSeconds(30), ScrapeTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(c);
        return c;
    }

    private static TargetBuilder.Result Build(ScrapeConfig config, LabelSet target, LabelSet? group = null) =>
        new TargetBuilder(config, RelabelRules.Compile(config.RelabelConfigs)).Build(target, group ?? LabelSet.Empty);

    [Fact]
    public void Build_PlainAddress_GetsPrometheusDefaults()
    {
        var result = Build(Config(c => c.Params["module"] = ["http_2xx"]), LabelSet.FromStrings("__address__", "10.0.0.1:9100"), LabelSet.FromStrings("env", "prod"));

        var t = Assert.IsType<Target>(result.Target);
        Assert.Equal(LabelSet.FromStrings("env", "prod", "instance", "10.0.0.1:9100", "job", "node"), t.PublicLabels);
        Assert.Equal("http://10.0.0.1:9100/metrics?module=http_2xx", t.ScrapeUrlText);
        Assert.Equal(TimeSpan.FromSeconds(30), t.Interval);
        Assert.Equal("30s", result.DiscoveredLabels.Get("__scrape_interval__"));
        Assert.Equal("http_2xx", result.DiscoveredLabels.Get("__param_module"));
    }

    [Fact]
    public void Build_TargetLabelsOverrideGroupLabels()
    {
        var result = Build(Config(), LabelSet.FromStrings("__address__", "a:1", "env", "dev"), LabelSet.FromStrings("env", "prod"));

        Assert.Equal("dev", result.Target!.PublicLabels.Get("env"));
    }

    [Fact]
    public void Build_MetaAndTmpLabels_RemovedAfterRelabeling()
    {
        var config = Config(c => c.RelabelConfigs =
        [
            new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_name"], TargetLabel = "pod" },
            new RelabelConfig { SourceLabels = ["__meta_kubernetes_pod_name"], TargetLabel = "__tmp_x" },
        ]);
        var result = Build(config, LabelSet.FromStrings("__address__", "a:1", "__meta_kubernetes_pod_name", "web-0"));

        Assert.Equal("web-0", result.Target!.PublicLabels.Get("pod"));
        Assert.False(result.Target.Labels.Has("__meta_kubernetes_pod_name"));
        Assert.False(result.Target.Labels.Has("__tmp_x"));
        Assert.True(result.DiscoveredLabels.Has("__meta_kubernetes_pod_name"));
    }

    [Fact]
    public void Build_DroppedByRelabeling_IsDroppedWithDiscoveredLabels()
    {
        var config = Config(c => c.RelabelConfigs = [new RelabelConfig { SourceLabels = ["__address__"], Regex = "a:.*", Action = RelabelAction.Drop }]);
        var result = Build(config, LabelSet.FromStrings("__address__", "a:1"));

        Assert.True(result.Dropped);
        Assert.Equal("a:1", result.DiscoveredLabels.Get("__address__"));
    }

    [Fact]
    public void Build_InstanceFromRelabeling_IsKept()
    {
        var config = Config(c => c.RelabelConfigs = [new RelabelConfig { TargetLabel = "instance", Replacement = "node-1" }]);

        Assert.Equal("node-1", Build(config, LabelSet.FromStrings("__address__", "a:1")).Target!.PublicLabels.Get("instance"));
    }

    [Fact]
    public void Build_ApiServerProxyRelabeling_RewritesAddressAndPath()
    {
        var config = Config(c =>
        {
            c.Scheme = "https";
            c.RelabelConfigs =
            [
                new RelabelConfig { Action = RelabelAction.LabelMap, Regex = "__meta_kubernetes_node_label_(.+)" },
                new RelabelConfig { TargetLabel = "__address__", Replacement = "kubernetes.default.svc:443" },
                new RelabelConfig { SourceLabels = ["__meta_kubernetes_node_name"], Regex = "(.+)", TargetLabel = "__metrics_path__", Replacement = "/api/v1/nodes/${1}/proxy/metrics" },
            ];
        });
        var result = Build(config, LabelSet.FromStrings("__address__", "10.0.0.5:10250", "__meta_kubernetes_node_name", "n1", "__meta_kubernetes_node_label_zone", "a"));

        Assert.Equal("https://kubernetes.default.svc:443/api/v1/nodes/n1/proxy/metrics", result.Target!.ScrapeUrlText);
        Assert.Equal("a", result.Target.PublicLabels.Get("zone"));
    }

    [Theory]
    [InlineData("__scrape_interval__", "abc", "error parsing scrape interval")]
    [InlineData("__scrape_timeout__", "1m", "scrape timeout cannot be greater than scrape interval")]
    [InlineData("__address__", "", "no address")]
    [InlineData("__address__", "host/path", "is not a valid hostname")]
    [InlineData("__scheme__", "ftp", "invalid scheme")]
    public void Build_BadSteeringLabel_ReportsError(string label, string value, string expected)
    {
        var config = Config(c => c.RelabelConfigs = [new RelabelConfig { TargetLabel = label, Replacement = value }]);
        var result = Build(config, LabelSet.FromStrings("__address__", "a:1"));

        Assert.Null(result.Target);
        Assert.Contains(expected, result.Error);
    }
}
