using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>Which node an endpoint lives on, for <c>attach_metadata.node</c>.</summary>
internal static class MetaNodeName
{
    /// <summary>The endpoint's node name; failing that, the name of a <c>Node</c> it refers to; otherwise null.</summary>
    public static string? Of(string? nodeName, V1ObjectReference? reference)
    {
        if (nodeName is not null) return nodeName;
        return reference is not null && string.Equals(reference.Kind, "Node", StringComparison.Ordinal) ? reference.Name : null;
    }
}
