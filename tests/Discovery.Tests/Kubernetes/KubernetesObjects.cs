using k8s.Models;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>Realistic objects for the fake API server.</summary>
internal static class KubernetesObjects
{
    public static V1Node Node(string name, string internalIp, int kubeletPort = 10250) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = "uid-" + name,
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["node-role.kubernetes.io/worker"] = "" },
            Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
        },
        Spec = new V1NodeSpec { ProviderID = "aws:///eu-west-1a/i-" + name },
        Status = new V1NodeStatus
        {
            Addresses =
            [
                new V1NodeAddress { Type = "Hostname", Address = name + ".internal" },
                new V1NodeAddress { Type = "ExternalIP", Address = "203.0.113.7" },
                new V1NodeAddress { Type = "InternalIP", Address = internalIp },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = kubeletPort } },
        },
    };

    public static V1Pod Pod(string ns, string name, string? ip, string nodeName = "node-a", string phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Uid = "uid-" + name,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web" },
            Annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-5d8f", Uid = "rs", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            InitContainers = [new V1Container { Name = "init", Image = "busybox:1.36" }],
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "example/web:1.2",
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }, new V1ContainerPort { Name = "metrics", ContainerPort = 9090, Protocol = "TCP" }],
                },
                new V1Container { Name = "sidecar", Image = "example/proxy:3" },
            ],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            PodIP = ip,
            HostIP = "10.0.0.1",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
            ContainerStatuses = [new V1ContainerStatus { Name = "app", ContainerID = "containerd://abc123", Image = "example/web:1.2", ImageID = "x", Ready = true, RestartCount = 0 }],
        },
    };
}
