using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using MetricsServer.Model.Labels;
using MetricsServer.TestSupport.Kubernetes;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Deploy;

/// <summary>
/// Both ConfigMaps of <c>deploy/</c>, run by the whole server against the fake API server and fake kubelets (HTTPS
/// with self-signed certificates and a bearer-token check): every node's target ends up and its samples stored.
/// </summary>
/// <remarks>
/// What a pod would find in the cluster is supplied as files and addresses here: the service-account directory
/// becomes a temporary one (token and the fake API server's CA), each <c>kubernetes_sd_configs</c> entry names the fake
/// API server as a pod's in-cluster config would, <c>kubernetes.default.svc:443</c> becomes the fake's address, and
/// the intervals shrink to one second. The relabeling, schemes, TLS and token settings stay as shipped.
/// </remarks>
public sealed partial class SeedConfigMapsAcceptanceTests
{
    private const string Token = "service-account-token";
    private static readonly string[] NodeNames = ["node-a", "node-b"];

    [Theory]
    [InlineData("prometheus-config", false)]
    [InlineData("prometheus-config-apiserver-proxy", true)]
    public async Task SeedConfigMap_AgainstFakeApiServerAndKubelets_EveryNodeTargetUpAndItsSamplesStored(string configMap, bool throughProxy)
    {
        await using var api = new FakeKubernetesApiServer(https: true, token: Token);
        await api.StartAsync();
        var secrets = Directory.CreateTempSubdirectory("ms-sa-").FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "token"), Token + "\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "ca.crt"), api.CaPem);
        var kubelets = new List<FakeKubelet>();
        try
        {
            foreach (var name in NodeNames)
            {
                var kubelet = await FakeKubelet.StartAsync(Token);
                kubelets.Add(kubelet);
                var metrics = $"kubelet_running_pods{{node=\"{name}\"}} 3\n";
                var cadvisor = $"container_cpu_usage_seconds_total{{container=\"app\",node=\"{name}\"}} 12.5\n";
                kubelet.Serve("/metrics", metrics);
                kubelet.Serve("/metrics/cadvisor", cadvisor);
                api.ServeNodeProxy(name, "/metrics", metrics);
                api.ServeNodeProxy(name, "/metrics/cadvisor", cadvisor);
                api.Put(Node(name, kubelet.Port));
            }

            var yaml = InCluster(DeployManifests.ConfigMap(configMap).Data["prometheus.yml"], api, secrets);
            await using var server = await TestServer.StartAsync(yaml);

            await server.WaitForTargetsAsync(
                t => Pool(t, "kubernetes-nodes").Count == 2 && Pool(t, "kubernetes-cadvisor").Count == 2
                     && Pool(t, "kubernetes-nodes").Concat(Pool(t, "kubernetes-cadvisor")).All(x => x.GetProperty("health").GetString() == "up"),
                "every node's kubelet and cAdvisor target up");

            var targets = await server.ActiveTargetsAsync();
            foreach (var (name, kubelet) in NodeNames.Zip(kubelets))
            {
                var target = Pool(targets, "kubernetes-nodes").Single(t => t.GetProperty("labels").GetProperty("instance").GetString() == name);
                // labelmap copied the node's labels onto the target.
                Assert.Equal(name, target.GetProperty("labels").GetProperty("kubernetes_io_hostname").GetString());
                Assert.Equal("eu-1a", target.GetProperty("labels").GetProperty("topology_kubernetes_io_zone").GetString());
                var expectedUrl = throughProxy
                    ? $"https://localhost:{api.Port}/api/v1/nodes/{name}/proxy/metrics"
                    : $"https://127.0.0.1:{kubelet.Port}/metrics";
                Assert.Equal(expectedUrl, target.GetProperty("scrapeUrl").GetString());

                var stored = server.Select(Matcher.Equal("__name__", "kubelet_running_pods"), Matcher.Equal("instance", name));
                var series = Assert.Single(stored);
                Assert.Equal("kubernetes-nodes", series.Labels.Get("job"));
                Assert.Contains(series.Samples, s => s.V == 3);
                var cpu = Assert.Single(server.Select(Matcher.Equal("__name__", "container_cpu_usage_seconds_total"), Matcher.Equal("instance", name)));
                Assert.Contains(cpu.Samples, s => s.V == 12.5);
            }
            if (throughProxy)
            {
                Assert.True(api.NodeProxyRequests >= 4);
                Assert.All(kubelets, k => Assert.Equal(0, k.Served));
            }
            else
            {
                Assert.All(kubelets, k => Assert.True(k.Served >= 2));
                Assert.All(kubelets, k => Assert.Equal(0, k.Refused));
            }
        }
        finally
        {
            foreach (var kubelet in kubelets) await kubelet.DisposeAsync();
            Directory.Delete(secrets, recursive: true);
        }
    }

    private static List<JsonElement> Pool(List<JsonElement> targets, string pool) =>
        [.. targets.Where(t => t.GetProperty("scrapePool").GetString() == pool)];

    /// <summary>A kubelet's node: its address is the loopback, its kubelet port the fake kubelet's.</summary>
    private static V1Node Node(string name, int kubeletPort) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["topology.kubernetes.io/zone"] = "eu-1a" },
        },
        Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "127.0.0.1" }, new V1NodeAddress { Type = "Hostname", Address = name }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = kubeletPort } },
        },
    };

    /// <summary>The ConfigMap's configuration as a pod beside the fake API server would see it (see the remarks).</summary>
    private static string InCluster(string yaml, FakeKubernetesApiServer api, string secrets)
    {
        yaml = yaml
            .Replace("/var/run/secrets/kubernetes.io/serviceaccount/", secrets + "/", StringComparison.Ordinal)
            .Replace("kubernetes.default.svc:443", $"localhost:{api.Port}", StringComparison.Ordinal)
            .Replace("scrape_interval: 30s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("scrape_timeout: 10s", "scrape_timeout: 1s", StringComparison.Ordinal);
        return SdRole().Replace(yaml, m =>
        {
            var indent = m.Groups["indent"].Value + "  ";
            return m.Value + "\n"
                + $"{indent}api_server: https://localhost:{api.Port}\n"
                + $"{indent}authorization:\n{indent}  credentials_file: {secrets}/token\n"
                + $"{indent}tls_config:\n{indent}  ca_file: {secrets}/ca.crt";
        });
    }

    [GeneratedRegex(@"^(?<indent> *)- role: \w+$", RegexOptions.Multiline)]
    private static partial Regex SdRole();
}
