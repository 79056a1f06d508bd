using MetricsServer.Config;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// The permissions a <c>kubernetes_sd_configs</c> entry needs: list and watch on every resource its discoverer
/// watches (the role's own objects, and the services, pods and nodes its labels come from), in each namespace it
/// watches. Derived from the discoverer's own subscriptions, so the check and the discovery cannot disagree.
/// </summary>
public static class RbacRequirements
{
    /// <summary>The verbs an informer uses: a list, then a watch from its resourceVersion.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["list", "watch"];

    /// <summary>
    /// The permissions of <paramref name="config"/>, one per (resource, namespace), in watch order.
    /// <paramref name="ownNamespace"/> is the namespace <c>own_namespace</c> stands for.
    /// </summary>
    public static IReadOnlyList<RbacPermission> For(KubernetesSdConfig config, string ownNamespace = "default")
    {
        ArgumentNullException.ThrowIfNull(config);
        return For(KubernetesDiscoverer.Subscriptions(config, KubernetesDiscoverer.Namespaces(config, () => ownNamespace)));
    }

    internal static IReadOnlyList<RbacPermission> For(IEnumerable<(KubernetesResource Resource, string? Namespace)> subscriptions)
    {
        var permissions = new List<RbacPermission>();
        foreach (var (resource, ns) in subscriptions)
        {
            var (group, plural) = ApiOf(resource);
            // Every permission shares the one Verbs list, so record equality finds duplicates.
            var permission = new RbacPermission(group, plural, ns, Verbs);
            if (!permissions.Contains(permission)) permissions.Add(permission);
        }
        return permissions;
    }

    /// <summary>The API group and plural name RBAC uses for <paramref name="resource"/>.</summary>
    internal static (string Group, string Plural) ApiOf(KubernetesResource resource) => resource.Name switch
    {
        "node" => ("", "nodes"),
        "pod" => ("", "pods"),
        "service" => ("", "services"),
        "endpoints" => ("", "endpoints"),
        "endpointslice" => ("discovery.k8s.io", "endpointslices"),
        "ingress" => ("networking.k8s.io", "ingresses"),
        _ => throw new InvalidOperationException($"no RBAC resource for {resource.Name}"),
    };
}
