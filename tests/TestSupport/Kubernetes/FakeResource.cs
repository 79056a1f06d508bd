using k8s;
using k8s.Models;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>A resource the fake API server serves: where it lives in the URL space and what its list is called.</summary>
public sealed record FakeResource(string Plural, string GroupVersionPath, string ApiVersion, string Kind, bool Namespaced)
{
    public static readonly FakeResource Nodes = new("nodes", "/api/v1", "v1", "Node", Namespaced: false);
    public static readonly FakeResource Pods = new("pods", "/api/v1", "v1", "Pod", Namespaced: true);
    public static readonly FakeResource Services = new("services", "/api/v1", "v1", "Service", Namespaced: true);
    public static readonly FakeResource Endpoints = new("endpoints", "/api/v1", "v1", "Endpoints", Namespaced: true);
    public static readonly FakeResource EndpointSlices = new("endpointslices", "/apis/discovery.k8s.io/v1", "discovery.k8s.io/v1", "EndpointSlice", Namespaced: true);
    public static readonly FakeResource Ingresses = new("ingresses", "/apis/networking.k8s.io/v1", "networking.k8s.io/v1", "Ingress", Namespaced: true);

    public static readonly IReadOnlyList<FakeResource> All = [Nodes, Pods, Services, Endpoints, EndpointSlices, Ingresses];

    /// <summary>The resource a client-library model object belongs to.</summary>
    public static FakeResource Of(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Node => Nodes,
        V1Pod => Pods,
        V1Service => Services,
#pragma warning disable CS0618 // core/v1 Endpoints is deprecated upstream but still served and still discovered by Prometheus.
        V1Endpoints => Endpoints,
#pragma warning restore CS0618
        V1EndpointSlice => EndpointSlices,
        V1Ingress => Ingresses,
        _ => throw new ArgumentException($"the fake API server does not serve {obj.GetType().Name}", nameof(obj)),
    };
}
