using MetricsServer.Config;
using MetricsServer.Discovery.FileSd;
using MetricsServer.Discovery.Static;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace MetricsServer.Discovery.Tests;

public class DefaultDiscovererFactoryTests
{
    internal static DefaultDiscovererFactory NewFactory(TimeProvider time) =>
        new(time, new DiscoveryMetrics(Metrics.NewCustomRegistry()), NullLoggerFactory.Instance);

    [Fact]
    public void Create_MakesOneStaticDiscovererAndOnePerFileSdAndKubernetesSdConfig()
    {
        var config = new ScrapeConfig
        {
            JobName = "j",
            StaticConfigs = [new StaticConfig { Targets = ["a:1"] }, new StaticConfig { Targets = ["b:1"] }],
            FileSdConfigs = [new FileSdConfig { Files = ["/x/*.yml"] }, new FileSdConfig { Files = ["/y/*.json"] }],
            KubernetesSdConfigs = [new KubernetesSdConfig { Role = "pod" }],
        };

        var discoverers = NewFactory(TimeProvider.System).Create(config);

        Assert.Equal(4, discoverers.Count);
        Assert.Equal(2, Assert.IsType<StaticDiscoverer>(discoverers[0]).Groups.Count);
        Assert.IsType<FileDiscoverer>(discoverers[1]);
        Assert.IsType<FileDiscoverer>(discoverers[2]);
        Assert.IsType<MetricsServer.Discovery.Kubernetes.KubernetesDiscoverer>(discoverers[3]);
    }
}
