using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The namespace metadata that <c>attach_metadata: {namespace: true}</c> adds to a group:
/// <c>__meta_kubernetes_namespace_label_*</c>, <c>..._labelpresent_*</c>, <c>..._annotation_*</c>, <c>..._annotationpresent_*</c>.
/// </summary>
public static class MetaNamespaceLabels
{
    /// <summary>Adds the namespace object's labels and annotations.</summary>
    public static void Add(IDictionary<string, string> into, V1Namespace ns)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(ns);
        MetaLabels.AddLabelsAndAnnotations(into, "namespace", ns.Metadata?.Labels, ns.Metadata?.Annotations);
    }

    /// <summary>Looks the namespace up and adds its labels when both the lookup and the namespace exist.</summary>
    internal static void AddIfKnown(IDictionary<string, string> into, string ns, Func<string, V1Namespace?>? namespaceLookup)
    {
        if (namespaceLookup?.Invoke(ns) is { } found) Add(into, found);
    }
}
