using YamlDotNet.RepresentationModel;

namespace MetricsServer.Config.Tests;

/// <summary>The shipped Kubernetes ConfigMaps hold configurations our loader accepts.</summary>
public class DeployManifestTests
{
    /// <summary>The directory holding MetricsServer.sln, found by walking up from the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetricsServer.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("MetricsServer.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ConfigMapData(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot(), "deploy", file)))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("ConfigMap", ((YamlScalarNode)root["kind"]).Value);
        var data = (YamlMappingNode)root["data"];
        return ((YamlScalarNode)data["prometheus.yml"]).Value!;
    }

    [Fact]
    public void ConfigMap_KubeletNodeRole_Loads()
    {
        var config = ConfigLoader.Load(ConfigMapData("configmap.yaml"), "configmap.yaml");
        var nodes = config.ScrapeConfigs.Single(s => s.JobName == "kubernetes-nodes");
        Assert.Equal("https", nodes.Scheme);
        Assert.Equal("node", nodes.KubernetesSdConfigs[0].Role);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", nodes.TlsConfig.CaFile);
        Assert.True(nodes.TlsConfig.InsecureSkipVerify);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", nodes.BearerTokenFile);
        Assert.Equal(RelabelAction.LabelMap, nodes.RelabelConfigs[0].Action);

        var pods = config.ScrapeConfigs.Single(s => s.JobName == "kubernetes-pods");
        var keep = pods.RelabelConfigs[0];
        Assert.Equal(RelabelAction.Keep, keep.Action);
        Assert.Equal(["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], keep.SourceLabels);
        Assert.Equal("true", keep.Regex);
        Assert.Contains(pods.RelabelConfigs, r => r.TargetLabel == "__address__" && r.Replacement == "$1:$2");
    }

    [Fact]
    public void ConfigMap_ApiServerProxy_Loads()
    {
        var config = ConfigLoader.Load(ConfigMapData("configmap-apiserver-proxy.yaml"), "configmap-apiserver-proxy.yaml");
        var nodes = config.ScrapeConfigs.Single(s => s.JobName == "kubernetes-nodes");
        Assert.Equal(3, nodes.RelabelConfigs.Count);
        Assert.Equal("__meta_kubernetes_node_label_(.+)", nodes.RelabelConfigs[0].Regex);
        Assert.Equal("__address__", nodes.RelabelConfigs[1].TargetLabel);
        Assert.Equal("kubernetes.default.svc:443", nodes.RelabelConfigs[1].Replacement);
        Assert.Equal(["__meta_kubernetes_node_name"], nodes.RelabelConfigs[2].SourceLabels);
        Assert.Equal("(.+)", nodes.RelabelConfigs[2].Regex);
        Assert.Equal("__metrics_path__", nodes.RelabelConfigs[2].TargetLabel);
        Assert.Equal("/api/v1/nodes/${1}/proxy/metrics", nodes.RelabelConfigs[2].Replacement);
    }

    [Fact]
    public void StatefulSet_UsesPrometheusArgs()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "statefulset.yaml"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var container = (YamlMappingNode)((YamlSequenceNode)root["spec"]["template"]["spec"]["containers"])[0];
        var args = ((YamlSequenceNode)container["args"]).Children.Select(a => ((YamlScalarNode)a).Value ?? "").ToArray();
        Assert.Equal<string>(["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--web.enable-lifecycle"], args);
        Assert.Equal("metrics-server:latest", ((YamlScalarNode)container["image"]).Value);
    }
}
