using System.Net;
using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.TestSupport.Kubernetes;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>The real KubernetesClient against the fake API server: lists, watches, failures and recovery.</summary>
public sealed class KubernetesDiscovererTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static KubernetesSdConfig ApiServer(FakeKubernetesApiServer server, string role, bool attachNode = false) => new()
    {
        Role = role,
        ApiServer = server.BaseAddress.ToString(),
        Authorization = new AuthorizationConfig { Credentials = new Secret("test-token") },
        TlsConfig = new TlsConfig { Ca = server.CaPem },
        AttachMetadata = new KubernetesAttachMetadata { Node = attachNode },
    };

    private static Dictionary<string, string> Merged(TargetGroup group, int target)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in group.Labels) all[label.Name] = label.Value;
        foreach (var label in group.Targets[target]) all[label.Name] = label.Value;
        return all;
    }

    [Fact]
    public async Task PodRole_OverHttps_ProducesOneTargetPerPortAndPerPortlessContainer_ThenFollowsChangesAndDeletes()
    {
        await using var server = new FakeKubernetesApiServer(https: true);
        await server.StartAsync();
        server.Put(KubernetesObjects.Pod("shop", "web-1", "10.1.0.5"));
        server.Put(KubernetesObjects.Node("node-a", "10.0.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "pod", attachNode: true));

        await run.WaitAsync(g => g.ContainsKey("pod/shop/web-1"), "the pod's group");
        var group = run.Groups["pod/shop/web-1"];
        Assert.Equal(["10.1.0.5:8080", "10.1.0.5:9090", "10.1.0.5", "10.1.0.5"], group.Targets.Select(t => t.Get("__address__")));
        var expected = new Dictionary<string, string>
        {
            ["__address__"] = "10.1.0.5:8080",
            ["__meta_kubernetes_namespace"] = "shop",
            ["__meta_kubernetes_pod_name"] = "web-1",
            ["__meta_kubernetes_pod_ip"] = "10.1.0.5",
            ["__meta_kubernetes_pod_ready"] = "true",
            ["__meta_kubernetes_pod_phase"] = "Running",
            ["__meta_kubernetes_pod_node_name"] = "node-a",
            ["__meta_kubernetes_pod_host_ip"] = "10.0.0.1",
            ["__meta_kubernetes_pod_uid"] = "uid-web-1",
            ["__meta_kubernetes_pod_controller_kind"] = "ReplicaSet",
            ["__meta_kubernetes_pod_controller_name"] = "web-5d8f",
            ["__meta_kubernetes_pod_label_app_kubernetes_io_name"] = "web",
            ["__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name"] = "true",
            ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_pod_container_name"] = "app",
            ["__meta_kubernetes_pod_container_image"] = "example/web:1.2",
            ["__meta_kubernetes_pod_container_init"] = "false",
            ["__meta_kubernetes_pod_container_id"] = "containerd://abc123",
            ["__meta_kubernetes_pod_container_port_name"] = "http",
            ["__meta_kubernetes_pod_container_port_number"] = "8080",
            ["__meta_kubernetes_pod_container_port_protocol"] = "TCP",
            // attach_metadata: node
            ["__meta_kubernetes_node_name"] = "node-a",
            ["__meta_kubernetes_node_label_kubernetes_io_hostname"] = "node-a",
            ["__meta_kubernetes_node_labelpresent_kubernetes_io_hostname"] = "true",
            ["__meta_kubernetes_node_label_node_role_kubernetes_io_worker"] = "",
            ["__meta_kubernetes_node_labelpresent_node_role_kubernetes_io_worker"] = "true",
            ["__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl"] = "0",
            ["__meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl"] = "true",
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), Merged(group, 0).OrderBy(p => p.Key, StringComparer.Ordinal));
        var init = Merged(group, 3);
        Assert.Equal("init", init["__meta_kubernetes_pod_container_name"]);
        Assert.Equal("true", init["__meta_kubernetes_pod_container_init"]);
        Assert.False(init.ContainsKey("__meta_kubernetes_pod_container_port_number"));

        server.Put(KubernetesObjects.Pod("shop", "web-1", "10.1.0.9"));
        await run.WaitAsync(g => g["pod/shop/web-1"].Targets[0].Get("__address__") == "10.1.0.9:8080", "the modified pod's new IP");

        server.Delete(FakeResource.Pods, "shop", "web-1");
        await run.WaitAsync(g => g["pod/shop/web-1"].Targets.Count == 0, "the deleted pod's group to be empty");
    }

    [Fact]
    public async Task NodeRole_ThroughKubeconfig_UsesInternalIpAndKubeletPort_WithInstanceAndAddressLabels()
    {
        await using var server = new FakeKubernetesApiServer(https: true);
        await server.StartAsync();
        server.Put(KubernetesObjects.Node("node-a", "10.0.0.1", kubeletPort: 10250));
        var kubeconfig = server.WriteKubeconfig(Path.Combine(_dir.Path, "kubeconfig"));
        await using var run = new DiscoveryRun();
        run.Start(new KubernetesSdConfig { Role = "node", KubeconfigFile = kubeconfig });

        await run.WaitAsync(g => g.ContainsKey("node/node-a"), "the node's group");
        var expected = new Dictionary<string, string>
        {
            ["__address__"] = "10.0.0.1:10250",
            ["instance"] = "node-a",
            ["__meta_kubernetes_node_name"] = "node-a",
            ["__meta_kubernetes_node_provider_id"] = "aws:///eu-west-1a/i-node-a",
            ["__meta_kubernetes_node_label_kubernetes_io_hostname"] = "node-a",
            ["__meta_kubernetes_node_labelpresent_kubernetes_io_hostname"] = "true",
            ["__meta_kubernetes_node_label_node_role_kubernetes_io_worker"] = "",
            ["__meta_kubernetes_node_labelpresent_node_role_kubernetes_io_worker"] = "true",
            ["__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl"] = "0",
            ["__meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl"] = "true",
            ["__meta_kubernetes_node_address_Hostname"] = "node-a.internal",
            ["__meta_kubernetes_node_address_ExternalIP"] = "203.0.113.7",
            ["__meta_kubernetes_node_address_InternalIP"] = "10.0.0.1",
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), Merged(run.Groups["node/node-a"], 0).OrderBy(p => p.Key, StringComparer.Ordinal));

        server.Delete(FakeResource.Nodes, null, "node-a");
        await run.WaitAsync(g => g["node/node-a"].Targets.Count == 0, "the deleted node's group to be empty");
    }

    [Fact]
    public async Task InClusterServiceAccount_IsUsedWhenNothingElseIsConfigured_AndOwnNamespaceRestrictsPods()
    {
        await using var server = new FakeKubernetesApiServer(https: true);
        await server.StartAsync();
        server.Put(KubernetesObjects.Pod("monitoring", "mine", "10.1.0.1"));
        server.Put(KubernetesObjects.Pod("other", "theirs", "10.1.0.2"));
        var account = server.WriteServiceAccount(Path.Combine(_dir.Path, "sa"), "monitoring");
        var env = new KubernetesEnvironment(account, name => name switch
        {
            "KUBERNETES_SERVICE_HOST" => "127.0.0.1",
            "KUBERNETES_SERVICE_PORT" => server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        }, _dir.Path);
        await using var run = new DiscoveryRun(env);
        run.Start(new KubernetesSdConfig { Role = "pod", Namespaces = new KubernetesNamespaces { OwnNamespace = true } });

        await run.WaitAsync(g => g.ContainsKey("pod/monitoring/mine"), "the pod in the own namespace");
        Assert.False(run.Groups.ContainsKey("pod/other/theirs"));
    }

    [Fact]
    public async Task BrokenWatch_IsCountedAndResumed_AndLaterChangesArrive()
    {
        await using var server = new FakeKubernetesApiServer();
        await server.StartAsync();
        server.Put(KubernetesObjects.Pod("shop", "a", "10.1.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "pod"));
        await run.WaitAsync(g => g.ContainsKey("pod/shop/a"), "the first pod");

        await MetricsServer.TestSupport.Eventually.TrueAsync(() => server.OpenWatches == 1, TimeSpan.FromSeconds(10), "the watch to be open");
        server.BreakWatches();
        server.Put(KubernetesObjects.Pod("shop", "b", "10.1.0.2"));

        await run.WaitAsync(g => g.ContainsKey("pod/shop/b"), "the pod added while the watch was broken");
        Assert.True(await run.FailuresAsync() >= 1);
        Assert.Equal(1, server.ListRequests);
    }

    [Fact]
    public async Task ExpiredWatch_410Gone_RelistsAndDeletesWhatDisappearedMeanwhile()
    {
        await using var server = new FakeKubernetesApiServer();
        await server.StartAsync();
        server.Put(KubernetesObjects.Pod("shop", "a", "10.1.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "pod"));
        await run.WaitAsync(g => g.ContainsKey("pod/shop/a"), "the first pod");
        await MetricsServer.TestSupport.Eventually.TrueAsync(() => server.OpenWatches == 1, TimeSpan.FromSeconds(10), "the watch to be open");

        // Changes the watcher will not see as events: its window is compacted before it resumes.
        server.BreakWatches();
        server.Delete(FakeResource.Pods, "shop", "a");
        server.Put(KubernetesObjects.Pod("shop", "c", "10.1.0.3"));
        server.Compact();

        await run.WaitAsync(g => g.ContainsKey("pod/shop/c") && g["pod/shop/a"].Targets.Count == 0, "the relist to add c and remove a");
        Assert.True(server.ListRequests >= 2);
    }

    [Fact]
    public async Task ApiServerDownAtStart_IsCountedAsFailure_AndTargetsArriveWhenItComesUp()
    {
        await using var server = new FakeKubernetesApiServer();
        server.Put(KubernetesObjects.Node("node-a", "10.0.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "node"));

        await MetricsServer.TestSupport.Eventually.TrueAsync(async () => await run.FailuresAsync() >= 2, TimeSpan.FromSeconds(10), "failures while the server is down");
        Assert.Empty(run.Groups);
        await server.StartAsync();

        await run.WaitAsync(g => g.ContainsKey("node/node-a"), "the node once the server is up");
    }

    [Fact]
    public async Task RefusedToken_IsCountedAsFailure_AndTargetsArriveOnceTheTokenIsAccepted()
    {
        await using var server = new FakeKubernetesApiServer(token: "the-right-one");
        await server.StartAsync();
        server.Put(KubernetesObjects.Node("node-a", "10.0.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "node"));

        await MetricsServer.TestSupport.Eventually.TrueAsync(async () => await run.FailuresAsync() >= 2, TimeSpan.FromSeconds(10), "401 failures");
        Assert.Empty(run.Groups);
        server.Token = "test-token";

        await run.WaitAsync(g => g.ContainsKey("node/node-a"), "the node once the token is accepted");
    }

    [Fact]
    public async Task TwoScrapeConfigsWithTheSameRoleAndServer_ShareOneInformer()
    {
        await using var server = new FakeKubernetesApiServer();
        await server.StartAsync();
        server.Put(KubernetesObjects.Node("node-a", "10.0.0.1"));
        await using var run = new DiscoveryRun();
        run.Start(ApiServer(server, "node"));
        run.Start(ApiServer(server, "node"));

        await MetricsServer.TestSupport.Eventually.TrueAsync(() => run.Updates >= 2, TimeSpan.FromSeconds(10), "both discoverers' first update");
        Assert.Equal(1, run.Factory.RunningInformers);
        Assert.Equal(1, server.ListRequests);
    }

    [Fact]
    public async Task LabelSelector_LimitsTheListAndWatch()
    {
        await using var server = new FakeKubernetesApiServer();
        await server.StartAsync();
        var other = KubernetesObjects.Pod("shop", "other", "10.1.0.2");
        other.Metadata.Labels["app.kubernetes.io/name"] = "db";
        server.Put(other);
        server.Put(KubernetesObjects.Pod("shop", "web", "10.1.0.1"));
        var sd = ApiServer(server, "pod");
        sd.Selectors = [new KubernetesSelector { Role = "pod", Label = "app.kubernetes.io/name=web", Field = "status.phase=Running" }];
        await using var run = new DiscoveryRun();
        run.Start(sd);

        await run.WaitAsync(g => g.ContainsKey("pod/shop/web"), "the selected pod");
        Assert.False(run.Groups.ContainsKey("pod/shop/other"));
    }
}
