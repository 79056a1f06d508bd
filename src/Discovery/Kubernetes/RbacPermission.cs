namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// Verbs on one Kubernetes resource in one namespace: what a <c>kubernetes_sd_configs</c> entry needs, or what the
/// API server refused it.
/// </summary>
/// <param name="ApiGroup">The resource's API group: empty for core (nodes, pods, ...), <c>discovery.k8s.io</c>, <c>networking.k8s.io</c>.</param>
/// <param name="Resource">The plural resource name, as RBAC rules spell it: <c>nodes</c>, <c>endpointslices</c>, ...</param>
/// <param name="Namespace">The namespace; null means all namespaces (and cluster-scoped resources such as nodes).</param>
/// <param name="Verbs">The verbs, in the order <c>list</c>, <c>watch</c>.</param>
public sealed record RbacPermission(string ApiGroup, string Resource, string? Namespace, IReadOnlyList<string> Verbs)
{
    /// <summary>For messages: <c>nodes</c>, <c>endpointslices.discovery.k8s.io in namespace web</c>.</summary>
    public string Describe() =>
        (ApiGroup.Length == 0 ? Resource : Resource + "." + ApiGroup) + (Namespace is null ? " in all namespaces" : " in namespace " + Namespace);
}
