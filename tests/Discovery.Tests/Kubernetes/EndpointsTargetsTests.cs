using k8s.Models;
using MetricsServer.Discovery.Kubernetes.Roles;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Tests.Kubernetes;

public class EndpointsTargetsTests
{
    // Pod-level labels of web-1 and web-2, as the pod role would give them.
    private static readonly string[] Web1 =
    [
        "__meta_kubernetes_pod_name", "web-1",
        "__meta_kubernetes_pod_ip", "10.0.1.5",
        "__meta_kubernetes_pod_ready", "true",
        "__meta_kubernetes_pod_phase", "Running",
        "__meta_kubernetes_pod_node_name", "node-a",
        "__meta_kubernetes_pod_host_ip", "192.168.0.11",
        "__meta_kubernetes_pod_uid", "uid-web-1",
        "__meta_kubernetes_pod_controller_kind", "ReplicaSet",
        "__meta_kubernetes_pod_controller_name", "web-7d9f",
        "__meta_kubernetes_pod_label_app", "web",
        "__meta_kubernetes_pod_labelpresent_app", "true",
        "__meta_kubernetes_pod_label_pod_template_hash", "7d9f",
        "__meta_kubernetes_pod_labelpresent_pod_template_hash", "true",
        "__meta_kubernetes_pod_annotation_kubectl_kubernetes_io_default_container", "app",
        "__meta_kubernetes_pod_annotationpresent_kubectl_kubernetes_io_default_container", "true",
    ];

    private static readonly string[] Web2 =
    [
        "__meta_kubernetes_pod_name", "web-2",
        "__meta_kubernetes_pod_ip", "10.0.1.6",
        "__meta_kubernetes_pod_ready", "false",
        "__meta_kubernetes_pod_phase", "Running",
        "__meta_kubernetes_pod_node_name", "node-b",
        "__meta_kubernetes_pod_host_ip", "192.168.0.12",
        "__meta_kubernetes_pod_uid", "uid-web-2",
        "__meta_kubernetes_pod_label_app", "web",
        "__meta_kubernetes_pod_labelpresent_app", "true",
    ];

    private static readonly string[] NodeA =
    [
        "__meta_kubernetes_node_name", "node-a",
        "__meta_kubernetes_node_label_topology_kubernetes_io_zone", "eu-west-1a",
        "__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone", "true",
    ];

    private static LabelSet L(params string[] nameValues) => LabelSet.FromStrings(nameValues);

    private static void AssertGroup(string source, LabelSet labels, LabelSet[] targets, TargetGroup actual)
    {
        Assert.Equal(source, actual.Source);
        Assert.Equal(labels.ToString(), actual.Labels.ToString());
        Assert.Equal(string.Join('\n', targets.Select(t => t.ToString())), string.Join('\n', actual.Targets.Select(t => t.ToString())));
    }

    internal static V1Pod Web1Pod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web-1",
            NamespaceProperty = "shop",
            Uid = "uid-web-1",
            Labels = new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "7d9f" },
            Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/default-container"] = "app" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-7d9f", Uid = "rs-uid", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            NodeName = "node-a",
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "shop/web:1.4",
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }, new V1ContainerPort { Name = "debug", ContainerPort = 6060, Protocol = "TCP" }],
                },
                new V1Container { Name = "envoy", Image = "envoyproxy/envoy:v1.30", Ports = [new V1ContainerPort { Name = "admin", ContainerPort = 15000, Protocol = "TCP" }] },
            ],
            InitContainers = [new V1Container { Name = "migrate", Image = "shop/migrate:1.4" }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.0.1.5",
            HostIP = "192.168.0.11",
            Conditions = [new V1PodCondition { Type = "Initialized", Status = "True" }, new V1PodCondition { Type = "Ready", Status = "True" }],
            ContainerStatuses = [new V1ContainerStatus { Name = "app", ContainerID = "containerd://aaa111" }, new V1ContainerStatus { Name = "envoy", ContainerID = "containerd://bbb222" }],
        },
    };

    internal static V1Pod Web2Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-2", NamespaceProperty = "shop", Uid = "uid-web-2", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec
        {
            NodeName = "node-b",
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "shop/web:1.4",
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }, new V1ContainerPort { Name = "debug", ContainerPort = 6060, Protocol = "TCP" }],
                },
            ],
        },
        Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.1.6", HostIP = "192.168.0.12", Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }] },
    };

    internal static V1Node NodeAObject() => new()
    {
        Metadata = new V1ObjectMeta { Name = "node-a", Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "eu-west-1a" } },
    };

    private static V1Service WebService() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "10.96.5.5", Ports = [new V1ServicePort { Name = "http", Port = 80 }] },
    };

    private static V1Endpoints WebEndpoints() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "shop",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Annotations = new Dictionary<string, string> { ["endpoints.kubernetes.io/last-change-trigger-time"] = "2024-05-01T10:00:00Z" },
        },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "10.0.1.5", NodeName = "node-a", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "shop", Uid = "uid-web-1" } }],
                NotReadyAddresses = [new V1EndpointAddress { Ip = "10.0.1.6", NodeName = "node-b", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "web-2", NamespaceProperty = "shop", Uid = "uid-web-2" } }],
                Ports = [new Corev1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }, new Corev1EndpointPort { Name = "metrics", Port = 9100, Protocol = "TCP" }],
            },
        ],
    };

    private static V1Pod? ShopPods(string ns, string name) => (ns, name) switch
    {
        ("shop", "web-1") => Web1Pod(),
        ("shop", "web-2") => Web2Pod(),
        _ => null,
    };

    [Fact]
    public void Build_ReadyAndNotReadyPodAddresses_TargetsPerPortThenUnboundContainerPorts()
    {
        var group = EndpointsTargets.Build(
            WebEndpoints(),
            (ns, name) => ns == "shop" && name == "web" ? WebService() : null,
            ShopPods,
            name => name == "node-a" ? NodeAObject() : null);

        AssertGroup("endpoints/shop/web",
            L("__meta_kubernetes_namespace", "shop",
              "__meta_kubernetes_endpoints_name", "web",
              "__meta_kubernetes_endpoints_label_app", "web",
              "__meta_kubernetes_endpoints_labelpresent_app", "true",
              "__meta_kubernetes_endpoints_annotation_endpoints_kubernetes_io_last_change_trigger_time", "2024-05-01T10:00:00Z",
              "__meta_kubernetes_endpoints_annotationpresent_endpoints_kubernetes_io_last_change_trigger_time", "true",
              "__meta_kubernetes_service_name", "web",
              "__meta_kubernetes_service_label_app", "web",
              "__meta_kubernetes_service_labelpresent_app", "true"),
            [
                L([.. Web1, .. NodeA,
                   "__address__", "10.0.1.5:8080",
                   "__meta_kubernetes_endpoint_port_name", "http",
                   "__meta_kubernetes_endpoint_port_protocol", "TCP",
                   "__meta_kubernetes_endpoint_ready", "true",
                   "__meta_kubernetes_endpoint_node_name", "node-a",
                   "__meta_kubernetes_endpoint_address_target_kind", "Pod",
                   "__meta_kubernetes_endpoint_address_target_name", "web-1",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_id", "containerd://aaa111",
                   "__meta_kubernetes_pod_container_port_name", "http",
                   "__meta_kubernetes_pod_container_port_number", "8080",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
                // node-b is unknown to the node lookup: no node labels.
                L([.. Web2,
                   "__address__", "10.0.1.6:8080",
                   "__meta_kubernetes_endpoint_port_name", "http",
                   "__meta_kubernetes_endpoint_port_protocol", "TCP",
                   "__meta_kubernetes_endpoint_ready", "false",
                   "__meta_kubernetes_endpoint_node_name", "node-b",
                   "__meta_kubernetes_endpoint_address_target_kind", "Pod",
                   "__meta_kubernetes_endpoint_address_target_name", "web-2",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_port_name", "http",
                   "__meta_kubernetes_pod_container_port_number", "8080",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
                // 9100 is no declared container port: the pod's labels only.
                L([.. Web1, .. NodeA,
                   "__address__", "10.0.1.5:9100",
                   "__meta_kubernetes_endpoint_port_name", "metrics",
                   "__meta_kubernetes_endpoint_port_protocol", "TCP",
                   "__meta_kubernetes_endpoint_ready", "true",
                   "__meta_kubernetes_endpoint_node_name", "node-a",
                   "__meta_kubernetes_endpoint_address_target_kind", "Pod",
                   "__meta_kubernetes_endpoint_address_target_name", "web-1"]),
                L([.. Web2,
                   "__address__", "10.0.1.6:9100",
                   "__meta_kubernetes_endpoint_port_name", "metrics",
                   "__meta_kubernetes_endpoint_port_protocol", "TCP",
                   "__meta_kubernetes_endpoint_ready", "false",
                   "__meta_kubernetes_endpoint_node_name", "node-b",
                   "__meta_kubernetes_endpoint_address_target_kind", "Pod",
                   "__meta_kubernetes_endpoint_address_target_name", "web-2"]),
                // Container ports no endpoint port binds: pod labels only, no endpoint or node labels.
                L([.. Web1,
                   "__address__", "10.0.1.5:6060",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_id", "containerd://aaa111",
                   "__meta_kubernetes_pod_container_port_name", "debug",
                   "__meta_kubernetes_pod_container_port_number", "6060",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
                L([.. Web1,
                   "__address__", "10.0.1.5:15000",
                   "__meta_kubernetes_pod_container_name", "envoy",
                   "__meta_kubernetes_pod_container_image", "envoyproxy/envoy:v1.30",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_id", "containerd://bbb222",
                   "__meta_kubernetes_pod_container_port_name", "admin",
                   "__meta_kubernetes_pod_container_port_number", "15000",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
                L([.. Web2,
                   "__address__", "10.0.1.6:6060",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_port_name", "debug",
                   "__meta_kubernetes_pod_container_port_number", "6060",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
            ],
            group);
    }

    [Fact]
    public void Build_AddressesWithoutTargetRef_EndpointLabelsOnly()
    {
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kubernetes", NamespaceProperty = "default" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "172.18.0.2", Hostname = "control-plane" }],
                    Ports = [new Corev1EndpointPort { Name = "https", Port = 6443, Protocol = "TCP" }],
                },
            ],
        };

        var group = EndpointsTargets.Build(endpoints, (_, _) => null, (_, _) => null, node: null);

        AssertGroup("endpoints/default/kubernetes",
            L("__meta_kubernetes_namespace", "default", "__meta_kubernetes_endpoints_name", "kubernetes"),
            [
                L("__address__", "172.18.0.2:6443",
                  "__meta_kubernetes_endpoint_port_name", "https",
                  "__meta_kubernetes_endpoint_port_protocol", "TCP",
                  "__meta_kubernetes_endpoint_ready", "true",
                  "__meta_kubernetes_endpoint_hostname", "control-plane"),
            ],
            group);
    }

    [Fact]
    public void Build_NoSubsets_GroupLabelsWithoutTargets()
    {
        var endpoints = new V1Endpoints { Metadata = new V1ObjectMeta { Name = "idle", NamespaceProperty = "shop" } };

        var group = EndpointsTargets.Build(endpoints, (_, _) => null, (_, _) => null, node: null);

        AssertGroup("endpoints/shop/idle",
            L("__meta_kubernetes_namespace", "shop", "__meta_kubernetes_endpoints_name", "idle"),
            [],
            group);
    }

    [Fact]
    public void Build_SamePortNumberOverUdpAndTcp_MatchesContainerPortByProtocolAndBracketsIpv6()
    {
        var coredns = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "coredns-1", NamespaceProperty = "kube-system", Uid = "uid-dns" },
            Spec = new V1PodSpec
            {
                NodeName = "node-a",
                Containers =
                [
                    new V1Container
                    {
                        Name = "coredns",
                        Image = "registry.k8s.io/coredns/coredns:v1.11.1",
                        Ports =
                        [
                            new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" },
                            new V1ContainerPort { Name = "dns-tcp", ContainerPort = 53, Protocol = "TCP" },
                            new V1ContainerPort { Name = "metrics", ContainerPort = 9153, Protocol = "TCP" },
                        ],
                    },
                ],
            },
            Status = new V1PodStatus { Phase = "Running", PodIP = "fd00::a", HostIP = "fd00::1" },
        };
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "fd00::a", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "coredns-1", NamespaceProperty = "kube-system" } }],
                    Ports =
                    [
                        new Corev1EndpointPort { Name = "dns-tcp", Port = 53, Protocol = "TCP" },
                        new Corev1EndpointPort { Name = "dns", Port = 53, Protocol = "UDP" },
                        new Corev1EndpointPort { Name = "metrics", Port = 9153, Protocol = "TCP" },
                    ],
                },
            ],
        };

        var group = EndpointsTargets.Build(endpoints, (_, _) => null, (_, name) => name == "coredns-1" ? coredns : null, node: null);

        Assert.Equal(["[fd00::a]:53", "[fd00::a]:53", "[fd00::a]:9153"], group.Targets.Select(t => t.Get("__address__")));
        Assert.Equal(["dns-tcp", "dns", "metrics"], group.Targets.Select(t => t.Get("__meta_kubernetes_pod_container_port_name")));
        Assert.Equal(["TCP", "UDP", "TCP"], group.Targets.Select(t => t.Get("__meta_kubernetes_pod_container_port_protocol")));
        Assert.Equal("unknown", group.Targets[0].Get("__meta_kubernetes_pod_ready"));
    }

    [Fact]
    public void Build_NodeMetadata_FromNodeNameOrNodeTargetRefAndOnlyWhenRequested()
    {
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kubelet", NamespaceProperty = "kube-system" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "192.168.0.11", TargetRef = new V1ObjectReference { Kind = "Node", Name = "node-a", Uid = "node-uid" } }],
                    Ports = [new Corev1EndpointPort { Name = "https-metrics", Port = 10250, Protocol = "TCP" }],
                },
            ],
        };

        var withNodes = EndpointsTargets.Build(endpoints, (_, _) => null, (_, _) => null, name => name == "node-a" ? NodeAObject() : null);
        var withoutNodes = EndpointsTargets.Build(endpoints, (_, _) => null, (_, _) => null, node: null);

        Assert.Equal(
            L([.. NodeA,
               "__address__", "192.168.0.11:10250",
               "__meta_kubernetes_endpoint_port_name", "https-metrics",
               "__meta_kubernetes_endpoint_port_protocol", "TCP",
               "__meta_kubernetes_endpoint_ready", "true",
               "__meta_kubernetes_endpoint_address_target_kind", "Node",
               "__meta_kubernetes_endpoint_address_target_name", "node-a"]).ToString(),
            withNodes.Targets.Single().ToString());
        Assert.DoesNotContain(withoutNodes.Targets.Single(), l => l.Name.StartsWith("__meta_kubernetes_node_", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_PodWithoutIpYet_NoUnboundPortTargets()
    {
        var starting = Web2Pod();
        starting.Status.PodIP = null;
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    NotReadyAddresses = [new V1EndpointAddress { Ip = "10.0.1.6", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "web-2", NamespaceProperty = "shop" } }],
                    Ports = [new Corev1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
                },
            ],
        };

        var group = EndpointsTargets.Build(endpoints, (_, _) => null, (_, _) => starting, node: null);

        var target = Assert.Single(group.Targets);
        Assert.Equal("10.0.1.6:8080", target.Get("__address__"));
        Assert.Equal("", target.Get("__meta_kubernetes_pod_ip"));
        Assert.True(target.Has("__meta_kubernetes_pod_ip"));
    }
}
