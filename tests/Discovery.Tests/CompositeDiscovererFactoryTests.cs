using MetricsServer.Config;
using MetricsServer.Discovery.Static;

namespace MetricsServer.Discovery.Tests;

public class CompositeDiscovererFactoryTests
{
    [Fact]
    public void Create_JoinsTheFactoriesDiscoverersInOrder()
    {
        var fake = new FakeDiscovererFactory();
        var composite = new CompositeDiscovererFactory(DefaultDiscovererFactoryTests.NewFactory(TimeProvider.System), fake);

        var discoverers = composite.Create(new ScrapeConfig { JobName = "j", StaticConfigs = [new StaticConfig()] });

        Assert.Equal(2, discoverers.Count);
        Assert.IsType<StaticDiscoverer>(discoverers[0]);
        Assert.Same(fake.Latest("j")[0], discoverers[1]);
    }
}
