using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>pod</c> role: one target per declared container port (<c>podIP:port</c>) and one per container without
/// ports (<c>podIP</c>), init containers included, with the pod's and the container's <c>__meta_kubernetes_pod_*</c>
/// labels (configuration.md, <c>kubernetes_sd_config</c>, pod).
/// </summary>
public static class PodTargets
{
    /// <summary>The source of a pod's group: <c>pod/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string Source(string ns, string name) => "pod/" + ns + "/" + name;

    /// <summary>
    /// The pod's group: namespace and pod labels for the group (and, with <paramref name="node"/> for
    /// <c>attach_metadata.node</c>, the labels of the node it runs on), container labels per target. A pod without
    /// an IP yet has no targets.
    /// </summary>
    public static TargetGroup Build(V1Pod pod, Func<string, V1Node?>? node = null, Func<string, V1Namespace?>? namespaceLookup = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.Metadata?.NamespaceProperty ?? string.Empty;
        var name = pod.Metadata?.Name ?? string.Empty;
        var group = MetaLabels.NewLabels();
        group[MetaLabels.Namespace] = ns;
        MetaPodLabels.AddPod(group, pod);
        if (node is not null && pod.Spec?.NodeName is { Length: > 0 } nodeName && node(nodeName) is { } found) MetaNodeLabels.Add(group, found);
        MetaNamespaceLabels.AddIfKnown(group, ns, namespaceLookup);

        var podIp = pod.Status?.PodIP;
        if (string.IsNullOrEmpty(podIp)) return new TargetGroup(Source(ns, name), [], MetaLabels.ToLabelSet(group));
        var targets = new List<Model.Labels.LabelSet>();
        foreach (var (container, isInit) in MetaPodLabels.Containers(pod))
        {
            if (container.Ports is not { Count: > 0 } ports)
            {
                var target = MetaLabels.NewLabels();
                target[MetaLabels.Address] = podIp;
                MetaPodLabels.AddContainer(target, pod, container, isInit, port: null);
                targets.Add(MetaLabels.ToLabelSet(target));
                continue;
            }
            foreach (var port in ports)
            {
                var target = MetaLabels.NewLabels();
                target[MetaLabels.Address] = MetaLabels.JoinHostPort(podIp, port.ContainerPort);
                MetaPodLabels.AddContainer(target, pod, container, isInit, port);
                targets.Add(MetaLabels.ToLabelSet(target));
            }
        }
        return new TargetGroup(Source(ns, name), targets, MetaLabels.ToLabelSet(group));
    }
}
