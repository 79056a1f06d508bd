using System.Globalization;
using k8s;
using k8s.Models;
using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Tests.Deploy;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// <c>deploy/scale-out/</c>: the manifests load strictly, the config template renders into a config our loader takes for
/// every ordinal, and the rendered shards split targets between them with none scraped twice and none left out.
/// </summary>
public sealed class ScaleOutManifestsTests
{
    private static readonly string ScaleOutDirectory = Path.Combine(DeployManifests.Directory, "scale-out");

    private static List<object> LoadAll() =>
        [.. Directory.EnumerateFiles(ScaleOutDirectory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => DeployManifests.Load(File.ReadAllText(f)))];

    private static V1StatefulSet Shards() => LoadAll().OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "prometheus-shard");

    private static string Template() =>
        LoadAll().OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "prometheus-shard-config").Data["prometheus.yml.tmpl"];

    /// <summary>What the init container's sed does.</summary>
    private static PrometheusConfig Render(int ordinal, int shards) =>
        ConfigLoader.Load(Template()
            .Replace("__SHARDS__", shards.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__SHARD__", ordinal.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__POD__", $"prometheus-shard-{ordinal}", StringComparison.Ordinal), $"shard-{ordinal}");

    [Fact]
    public void Manifests_LoadStrictly_AndHoldTheShardsTheStoreAndTheirServices()
    {
        var objects = LoadAll();

        Assert.Equal(["prometheus-shard", "victoria-metrics"], objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["prometheus-shard", "victoria-metrics"], objects.OfType<V1Service>().Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(objects.OfType<IKubernetesObject<V1ObjectMeta>>(), o => Assert.Equal("monitoring", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void ShardCount_InTheInitStep_IsTheReplicaCount_AndTheServerArgsParse()
    {
        var set = Shards();
        var init = Assert.Single(set.Spec.Template.Spec.InitContainers);
        var container = Assert.Single(set.Spec.Template.Spec.Containers);

        Assert.Equal((set.Spec.Replicas ?? 1).ToString(CultureInfo.InvariantCulture), init.Env.Single(e => e.Name == "SHARDS").Value);
        Assert.Equal("metadata.name", init.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        var parsed = FlagParser.Parse(container.Args.ToList());
        Assert.True(parsed.IsSuccess, parsed.Error);
        // The server reads the rendered file from the volume the init container writes.
        var configMount = container.VolumeMounts.Single(m => parsed.Options.ConfigFile.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        Assert.Contains(init.VolumeMounts, m => m.Name == configMount.Name && m.MountPath == configMount.MountPath);
        Assert.Contains("/etc/prometheus/prometheus.yml", string.Join(" ", init.Command), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedShards_AllRemoteWriteToTheStoreService()
    {
        var store = LoadAll().OfType<V1Service>().Single(s => s.Metadata.Name == "victoria-metrics");
        var config = Render(0, 3);

        var url = new Uri(Assert.Single(config.RemoteWrite).Url);
        Assert.Equal("victoria-metrics.monitoring.svc", url.Host);
        Assert.Equal(store.Spec.Ports.Single().Port, url.Port);
        Assert.Equal("/api/v1/write", url.AbsolutePath);
    }

    [Theory]
    [InlineData("kubernetes-pods")]
    [InlineData("kubernetes-cadvisor")]
    public void RenderedShards_SplitTargets_EachToExactlyOneShard(string job)
    {
        var shards = Shards().Spec.Replicas ?? 1;
        var rules = Enumerable.Range(0, shards)
            .Select(k => RelabelRules.Compile(Render(k, shards).ScrapeConfigs.Single(s => s.JobName == job).RelabelConfigs)).ToList();
        var perShard = new int[shards];

        for (var i = 0; i < 300; i++)
        {
            var target = LabelSet.FromStrings("__address__", $"10.0.{i / 250}.{i % 250}:10250", "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true");
            var keptBy = Enumerable.Range(0, shards).Where(k => Relabeler.Process(target, rules[k]) is not null).ToList();
            perShard[Assert.Single(keptBy)]++;
        }
        Assert.All(perShard, n => Assert.True(n > 50, $"a shard got only {n} of 300 targets: {string.Join(", ", perShard)}"));
    }

    [Fact]
    public void RenderedShards_NameTheirOwnSelfScrapeByPod()
    {
        var self = Render(2, 3).ScrapeConfigs.Single(s => s.JobName == "prometheus");
        var labels = Relabeler.Process(LabelSet.FromStrings("__address__", "localhost:9090", "instance", "localhost:9090"), RelabelRules.Compile(self.RelabelConfigs));

        Assert.Equal("prometheus-shard-2", labels?.Get("instance"));
    }
}
