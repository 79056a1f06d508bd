namespace MetricsServer.Config.Tests;

public class DefaultConfigTests
{
    [Fact]
    public void Load_StockConfig_ScrapesPrometheusItselfEvery15s()
    {
        var config = DefaultConfig.Load();
        Assert.Equal(TimeSpan.FromSeconds(15), config.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), config.Global.EvaluationInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        var job = Assert.Single(config.ScrapeConfigs);
        Assert.Equal("prometheus", job.JobName);
        Assert.Equal(["localhost:9090"], job.StaticConfigs[0].Targets);
        Assert.Equal(TimeSpan.FromSeconds(15), job.ScrapeInterval);
        Assert.Null(config.SourceFile);
    }

    [Fact]
    public void Yaml_MatchesShippedDeployFile()
    {
        var shipped = File.ReadAllText(Path.Combine(DeployManifestTests.RepositoryRoot(), "deploy", "prometheus.yml"));
        var fromFile = ConfigPrinter.ToYaml(ConfigLoader.Load(shipped, null));
        Assert.Equal(ConfigPrinter.ToYaml(DefaultConfig.Load()), fromFile);
    }
}
