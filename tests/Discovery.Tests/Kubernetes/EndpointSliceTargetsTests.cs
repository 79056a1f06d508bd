using k8s.Models;
using MetricsServer.Discovery.Kubernetes.Roles;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Tests.Kubernetes;

public class EndpointSliceTargetsTests
{
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

    private static readonly string[] SlicePort =
    [
        "__meta_kubernetes_endpointslice_port", "8080",
        "__meta_kubernetes_endpointslice_port_name", "http",
        "__meta_kubernetes_endpointslice_port_protocol", "TCP",
        "__meta_kubernetes_endpointslice_port_app_protocol", "http",
    ];

    private static LabelSet L(params string[] nameValues) => LabelSet.FromStrings(nameValues);

    private static void AssertGroup(string source, LabelSet labels, LabelSet[] targets, TargetGroup actual)
    {
        Assert.Equal(source, actual.Source);
        Assert.Equal(labels.ToString(), actual.Labels.ToString());
        Assert.Equal(string.Join('\n', targets.Select(t => t.ToString())), string.Join('\n', actual.Targets.Select(t => t.ToString())));
    }

    private static V1EndpointSlice WebSlice() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web-x7k2p",
            NamespaceProperty = "shop",
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/service-name"] = "web",
                ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io",
            },
        },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP", AppProtocol = "http" }],
        Endpoints =
        [
            new V1Endpoint
            {
                Addresses = ["10.0.1.5"],
                Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
                NodeName = "node-a",
                Zone = "eu-west-1a",
                TargetRef = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "shop", Uid = "uid-web-1" },
                Hints = new V1EndpointHints { ForZones = [new V1ForZone { Name = "eu-west-1a" }] },
            },
            new V1Endpoint
            {
                Addresses = ["10.0.1.6"],
                Conditions = new V1EndpointConditions { Ready = false, Serving = true, Terminating = true },
                NodeName = "node-b",
                Zone = "eu-west-1b",
                TargetRef = new V1ObjectReference { Kind = "Pod", Name = "web-2", NamespaceProperty = "shop", Uid = "uid-web-2" },
            },
        ],
    };

    private static V1Service WebService() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "10.96.5.5" },
    };

    [Fact]
    public void Build_SliceWithConditionsAndPods_TargetsWithConditionsPodsNodesThenUnboundContainerPorts()
    {
        var group = EndpointSliceTargets.Build(
            WebSlice(),
            (ns, name) => ns == "shop" && name == "web" ? WebService() : null,
            (_, name) => name switch { "web-1" => EndpointsTargetsTests.Web1Pod(), "web-2" => EndpointsTargetsTests.Web2Pod(), _ => null },
            name => name == "node-a" ? EndpointsTargetsTests.NodeAObject() : null);

        AssertGroup("endpointslice/shop/web-x7k2p",
            L("__meta_kubernetes_namespace", "shop",
              "__meta_kubernetes_endpointslice_name", "web-x7k2p",
              "__meta_kubernetes_endpointslice_address_type", "IPv4",
              "__meta_kubernetes_endpointslice_label_kubernetes_io_service_name", "web",
              "__meta_kubernetes_endpointslice_labelpresent_kubernetes_io_service_name", "true",
              "__meta_kubernetes_endpointslice_label_endpointslice_kubernetes_io_managed_by", "endpointslice-controller.k8s.io",
              "__meta_kubernetes_endpointslice_labelpresent_endpointslice_kubernetes_io_managed_by", "true",
              "__meta_kubernetes_service_name", "web",
              "__meta_kubernetes_service_label_app", "web",
              "__meta_kubernetes_service_labelpresent_app", "true"),
            [
                // Hints have no meta label in Prometheus, so none here either.
                L([.. SlicePort, .. Web1, .. NodeA,
                   "__address__", "10.0.1.5:8080",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_ready", "true",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_serving", "true",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_terminating", "false",
                   "__meta_kubernetes_endpointslice_endpoint_node_name", "node-a",
                   "__meta_kubernetes_endpointslice_endpoint_zone", "eu-west-1a",
                   "__meta_kubernetes_endpointslice_address_target_kind", "Pod",
                   "__meta_kubernetes_endpointslice_address_target_name", "web-1",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_id", "containerd://aaa111",
                   "__meta_kubernetes_pod_container_port_name", "http",
                   "__meta_kubernetes_pod_container_port_number", "8080",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
                L([.. SlicePort, .. Web2,
                   "__address__", "10.0.1.6:8080",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_ready", "false",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_serving", "true",
                   "__meta_kubernetes_endpointslice_endpoint_conditions_terminating", "true",
                   "__meta_kubernetes_endpointslice_endpoint_node_name", "node-b",
                   "__meta_kubernetes_endpointslice_endpoint_zone", "eu-west-1b",
                   "__meta_kubernetes_endpointslice_address_target_kind", "Pod",
                   "__meta_kubernetes_endpointslice_address_target_name", "web-2",
                   "__meta_kubernetes_pod_container_name", "app",
                   "__meta_kubernetes_pod_container_image", "shop/web:1.4",
                   "__meta_kubernetes_pod_container_init", "false",
                   "__meta_kubernetes_pod_container_port_name", "http",
                   "__meta_kubernetes_pod_container_port_number", "8080",
                   "__meta_kubernetes_pod_container_port_protocol", "TCP"]),
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
    public void Build_OptionalFieldsUnset_OnlyTheLabelsThatHaveValues()
    {
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "legacy-1", NamespaceProperty = "default", Annotations = new Dictionary<string, string> { ["note"] = "hand-made" } },
            AddressType = "IPv4",
            // A port without name, protocol or number ("all ports"): the target is the bare address.
            Ports = [new Discoveryv1EndpointPort()],
            Endpoints =
            [
                new V1Endpoint
                {
                    Addresses = ["10.0.9.1", "10.0.9.2"],
                    Hostname = "legacy-host",
                    TargetRef = new V1ObjectReference(),
                    DeprecatedTopology = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-z" },
                },
            ],
        };

        // No kubernetes.io/service-name label: the service lookup is not consulted for labels.
        var group = EndpointSliceTargets.Build(slice, (_, _) => WebService(), (_, _) => null, node: null);

        AssertGroup("endpointslice/default/legacy-1",
            L("__meta_kubernetes_namespace", "default",
              "__meta_kubernetes_endpointslice_name", "legacy-1",
              "__meta_kubernetes_endpointslice_address_type", "IPv4",
              "__meta_kubernetes_endpointslice_annotation_note", "hand-made",
              "__meta_kubernetes_endpointslice_annotationpresent_note", "true"),
            [
                L("__address__", "10.0.9.1",
                  "__meta_kubernetes_endpointslice_endpoint_hostname", "legacy-host",
                  "__meta_kubernetes_endpointslice_endpoint_topology_kubernetes_io_hostname", "node-z",
                  "__meta_kubernetes_endpointslice_endpoint_topology_present_kubernetes_io_hostname", "true",
                  "__meta_kubernetes_endpointslice_address_target_kind", "",
                  "__meta_kubernetes_endpointslice_address_target_name", ""),
                L("__address__", "10.0.9.2",
                  "__meta_kubernetes_endpointslice_endpoint_hostname", "legacy-host",
                  "__meta_kubernetes_endpointslice_endpoint_topology_kubernetes_io_hostname", "node-z",
                  "__meta_kubernetes_endpointslice_endpoint_topology_present_kubernetes_io_hostname", "true",
                  "__meta_kubernetes_endpointslice_address_target_kind", "",
                  "__meta_kubernetes_endpointslice_address_target_name", ""),
            ],
            group);
    }

    [Fact]
    public void Build_NodeTargetRefWithNodeMetadata_AttachesNodeLabels()
    {
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "kubelet-abc", NamespaceProperty = "kube-system" },
            AddressType = "IPv6",
            Ports = [new Discoveryv1EndpointPort { Name = "https-metrics", Port = 10250, Protocol = "TCP" }],
            Endpoints = [new V1Endpoint { Addresses = ["fd00::11"], Conditions = new V1EndpointConditions { Ready = true }, TargetRef = new V1ObjectReference { Kind = "Node", Name = "node-a" } }],
        };

        var group = EndpointSliceTargets.Build(slice, (_, _) => null, (_, _) => null, name => name == "node-a" ? EndpointsTargetsTests.NodeAObject() : null);

        Assert.Equal(
            L([.. NodeA,
               "__address__", "[fd00::11]:10250",
               "__meta_kubernetes_endpointslice_port", "10250",
               "__meta_kubernetes_endpointslice_port_name", "https-metrics",
               "__meta_kubernetes_endpointslice_port_protocol", "TCP",
               "__meta_kubernetes_endpointslice_endpoint_conditions_ready", "true",
               "__meta_kubernetes_endpointslice_address_target_kind", "Node",
               "__meta_kubernetes_endpointslice_address_target_name", "node-a"]).ToString(),
            group.Targets.Single().ToString());
        Assert.Equal("IPv6", group.Labels.Get("__meta_kubernetes_endpointslice_address_type"));
    }

    [Fact]
    public void Build_InitContainerServesSlicePort_MarkedInit()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "app-0", NamespaceProperty = "default", Uid = "u0" },
            Spec = new V1PodSpec
            {
                NodeName = "node-a",
                Containers = [new V1Container { Name = "app", Image = "app:1", Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }] }],
                // A native sidecar: an init container with restartPolicy Always serving a port.
                InitContainers = [new V1Container { Name = "proxy", Image = "proxy:2", RestartPolicy = "Always", Ports = [new V1ContainerPort { Name = "proxy", ContainerPort = 9111, Protocol = "TCP" }] }],
            },
            Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.2.9", HostIP = "192.168.0.11", InitContainerStatuses = [new V1ContainerStatus { Name = "proxy", ContainerID = "containerd://ccc" }] },
        };
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "app-1", NamespaceProperty = "default" },
            AddressType = "IPv4",
            Ports = [new Discoveryv1EndpointPort { Name = "proxy", Port = 9111, Protocol = "TCP" }],
            Endpoints = [new V1Endpoint { Addresses = ["10.0.2.9"], TargetRef = new V1ObjectReference { Kind = "Pod", Name = "app-0" } }],
        };

        var group = EndpointSliceTargets.Build(slice, (_, _) => null, (ns, name) => ns == "default" && name == "app-0" ? pod : null, node: null);

        Assert.Equal(["10.0.2.9:9111", "10.0.2.9:8080"], group.Targets.Select(t => t.Get("__address__")));
        Assert.Equal("true", group.Targets[0].Get("__meta_kubernetes_pod_container_init"));
        Assert.Equal("containerd://ccc", group.Targets[0].Get("__meta_kubernetes_pod_container_id"));
        Assert.Equal("false", group.Targets[1].Get("__meta_kubernetes_pod_container_init"));
        Assert.False(group.Targets[1].Has("__meta_kubernetes_endpointslice_port"));
    }
}
