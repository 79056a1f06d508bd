using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The object-level <c>__meta_kubernetes_service_*</c> labels: the service's name, labels and annotations.
/// These are the group labels of the <c>service</c> role and what the <c>endpoints</c> and <c>endpointslice</c>
/// roles attach for the service they belong to (per-port labels cannot apply there, and Prometheus does not add them).
/// </summary>
public static class MetaServiceLabels
{
    /// <summary>The service's name.</summary>
    public const string Name = MetaLabels.Prefix + "service_name";

    /// <summary>Adds <c>__meta_kubernetes_service_name</c> and the service's labels and annotations.</summary>
    public static void Add(IDictionary<string, string> into, V1Service service)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(service);
        into[Name] = service.Metadata?.Name ?? string.Empty;
        MetaLabels.AddLabelsAndAnnotations(into, "service", service.Metadata?.Labels, service.Metadata?.Annotations);
    }
}
