using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The node metadata that <c>attach_metadata: {node: true}</c> adds to pod, endpoints and endpointslice targets:
/// the node's name, labels and annotations (not its addresses, which belong to the node role's own targets).
/// </summary>
public static class MetaNodeLabels
{
    /// <summary>The node's name.</summary>
    public const string Name = MetaLabels.Prefix + "node_name";

    /// <summary>Adds <c>__meta_kubernetes_node_name</c> and the node's labels and annotations.</summary>
    public static void Add(IDictionary<string, string> into, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(node);
        into[Name] = node.Metadata?.Name ?? string.Empty;
        MetaLabels.AddLabelsAndAnnotations(into, "node", node.Metadata?.Labels, node.Metadata?.Annotations);
    }
}
