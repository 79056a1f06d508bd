using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>__meta_kubernetes_pod_*</c> labels of the <c>pod</c> role, shared with the <c>endpoints</c> and
/// <c>endpointslice</c> roles, which attach them to every target backed by a pod. Pure functions of the pod object.
/// </summary>
public static class MetaPodLabels
{
    private const string Pod = MetaLabels.Prefix + "pod_";

    /// <summary>Pod name.</summary>
    public const string Name = Pod + "name";
    /// <summary>Pod IP (empty until the pod has one).</summary>
    public const string Ip = Pod + "ip";
    /// <summary><c>true</c>, <c>false</c> or <c>unknown</c>, from the pod's <c>Ready</c> condition.</summary>
    public const string Ready = Pod + "ready";
    /// <summary>Pod phase (<c>Pending</c>, <c>Running</c>, ...), empty when the status has none.</summary>
    public const string Phase = Pod + "phase";
    /// <summary>The node the pod is scheduled onto.</summary>
    public const string NodeName = Pod + "node_name";
    /// <summary>The host IP of the pod.</summary>
    public const string HostIp = Pod + "host_ip";
    /// <summary>The pod's UID.</summary>
    public const string Uid = Pod + "uid";
    /// <summary>Kind of the owner reference marked as controller.</summary>
    public const string ControllerKind = Pod + "controller_kind";
    /// <summary>Name of the owner reference marked as controller.</summary>
    public const string ControllerName = Pod + "controller_name";
    /// <summary>Container name.</summary>
    public const string ContainerName = Pod + "container_name";
    /// <summary>Container image.</summary>
    public const string ContainerImage = Pod + "container_image";
    /// <summary><c>true</c> for an init container.</summary>
    public const string ContainerInit = Pod + "container_init";
    /// <summary><c>&lt;type&gt;://&lt;id&gt;</c> from the container's status, when it has one.</summary>
    public const string ContainerId = Pod + "container_id";
    /// <summary>Container port name (may be empty).</summary>
    public const string ContainerPortName = Pod + "container_port_name";
    /// <summary>Container port number.</summary>
    public const string ContainerPortNumber = Pod + "container_port_number";
    /// <summary>Container port protocol.</summary>
    public const string ContainerPortProtocol = Pod + "container_port_protocol";

    /// <summary>
    /// Adds the pod-level labels: name, IP, readiness, phase, node name, host IP, UID, controller kind and name
    /// (only when a controller owner exists), and the pod's labels and annotations. The namespace label is not
    /// added: every role sets it from the object it discovers.
    /// </summary>
    public static void AddPod(IDictionary<string, string> into, V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(pod);
        var meta = pod.Metadata;
        into[Name] = meta?.Name ?? string.Empty;
        into[Ip] = pod.Status?.PodIP ?? string.Empty;
        into[Ready] = ReadyValue(pod);
        into[Phase] = pod.Status?.Phase ?? string.Empty;
        into[NodeName] = pod.Spec?.NodeName ?? string.Empty;
        into[HostIp] = pod.Status?.HostIP ?? string.Empty;
        into[Uid] = meta?.Uid ?? string.Empty;

        var controller = Controller(pod);
        if (controller is not null)
        {
            if (!string.IsNullOrEmpty(controller.Kind)) into[ControllerKind] = controller.Kind;
            if (!string.IsNullOrEmpty(controller.Name)) into[ControllerName] = controller.Name;
        }
        MetaLabels.AddLabelsAndAnnotations(into, "pod", meta?.Labels, meta?.Annotations);
    }

    /// <summary>
    /// Adds one container's labels: name, image, whether it is an init container, its ID from the pod status when
    /// known, and, when <paramref name="port"/> is given, the port's name, number and protocol.
    /// </summary>
    public static void AddContainer(IDictionary<string, string> into, V1Pod pod, V1Container container, bool isInit, V1ContainerPort? port)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        into[ContainerName] = container.Name ?? string.Empty;
        into[ContainerImage] = container.Image ?? string.Empty;
        into[ContainerInit] = MetaLabels.FormatBool(isInit);
        var id = ContainerIdOf(pod, container.Name, isInit);
        if (!string.IsNullOrEmpty(id)) into[ContainerId] = id;
        if (port is null) return;
        into[ContainerPortName] = port.Name ?? string.Empty;
        into[ContainerPortNumber] = MetaLabels.FormatPort(port.ContainerPort);
        into[ContainerPortProtocol] = port.Protocol ?? string.Empty;
    }

    /// <summary>The pod's containers, then its init containers, in spec order: the order targets are produced in.</summary>
    public static IEnumerable<(V1Container Container, bool IsInit)> Containers(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return Enumerate(pod);

        static IEnumerable<(V1Container, bool)> Enumerate(V1Pod pod)
        {
            if (pod.Spec?.Containers is { } containers)
            {
                foreach (var c in containers) yield return (c, false);
            }
            if (pod.Spec?.InitContainers is { } inits)
            {
                foreach (var c in inits) yield return (c, true);
            }
        }
    }

    private static string ReadyValue(V1Pod pod)
    {
        if (pod.Status?.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                // Prometheus lower-cases the condition's status: True, False, Unknown.
                if (string.Equals(condition.Type, "Ready", StringComparison.Ordinal))
                    return (condition.Status ?? string.Empty).ToLowerInvariant();
            }
        }
        return "unknown";
    }

    private static V1OwnerReference? Controller(V1Pod pod)
    {
        if (pod.Metadata?.OwnerReferences is not { } owners) return null;
        foreach (var owner in owners)
        {
            if (owner.Controller == true) return owner;
        }
        return null;
    }

    private static string? ContainerIdOf(V1Pod pod, string? name, bool isInit)
    {
        var statuses = isInit ? pod.Status?.InitContainerStatuses : pod.Status?.ContainerStatuses;
        if (statuses is null) return null;
        foreach (var status in statuses)
        {
            if (string.Equals(status.Name, name, StringComparison.Ordinal)) return status.ContainerID;
        }
        return null;
    }
}
