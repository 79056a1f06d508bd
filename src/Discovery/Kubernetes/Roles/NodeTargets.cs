using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>node</c> role: one target per node, at its preferred address and the kubelet's port, with instance set to
/// the node's name (configuration.md, <c>kubernetes_sd_config</c>, node).
/// </summary>
public static class NodeTargets
{
    private const string Node = MetaLabels.Prefix + "node_";

    /// <summary>The node's provider ID.</summary>
    public const string ProviderId = Node + "provider_id";

    /// <summary>Prefix of <c>__meta_kubernetes_node_address_&lt;type&gt;</c>: the first address of each type.</summary>
    public const string AddressPrefix = Node + "address_";

    // Which address becomes __address__: the first type in this order that the node has.
    private static readonly string[] AddressPreference = ["InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"];

    /// <summary>The source of a node's group: <c>node/&lt;name&gt;</c>.</summary>
    public static string Source(string name) => "node/" + name;

    /// <summary>
    /// The node's group. Group labels: name, provider ID, labels and annotations. The one target: <c>__address__</c>
    /// (preferred address and kubelet port), <c>instance</c> (the node name) and one label per address type. A node with
    /// no address yet has no target.
    /// </summary>
    public static TargetGroup Build(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = node.Metadata?.Name ?? string.Empty;
        var group = MetaLabels.NewLabels();
        group[MetaNodeLabels.Name] = name;
        group[ProviderId] = node.Spec?.ProviderID ?? string.Empty;
        MetaLabels.AddLabelsAndAnnotations(group, "node", node.Metadata?.Labels, node.Metadata?.Annotations);

        var host = PreferredAddress(node);
        if (host is null) return new TargetGroup(Source(name), [], MetaLabels.ToLabelSet(group));
        var target = MetaLabels.NewLabels();
        target[MetaLabels.Address] = MetaLabels.JoinHostPort(host, node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 10250);
        target[LabelNames.Instance] = name;
        if (node.Status?.Addresses is { } addresses)
        {
            foreach (var address in addresses)
            {
                // The first address of each type wins.
                target.TryAdd(AddressPrefix + MetaLabels.SanitizeLabelName(address.Type ?? string.Empty), address.Address ?? string.Empty);
            }
        }
        return new TargetGroup(Source(name), [MetaLabels.ToLabelSet(target)], MetaLabels.ToLabelSet(group));
    }

    /// <summary>The first address of the most preferred type the node has, or null.</summary>
    public static string? PreferredAddress(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Status?.Addresses is not { Count: > 0 } addresses) return null;
        foreach (var type in AddressPreference)
        {
            foreach (var address in addresses)
            {
                if (string.Equals(address.Type, type, StringComparison.Ordinal) && !string.IsNullOrEmpty(address.Address)) return address.Address;
            }
        }
        return null;
    }
}
