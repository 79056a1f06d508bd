using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// What the <c>endpoints</c> and <c>endpointslice</c> roles do with pods behind their addresses: attach the pod's
/// labels (and the labels of the container port serving the endpoint port) to the address's target, remember which
/// ports the endpoints bind, and afterwards add one target per container port of those pods that no endpoint port
/// bound ("all additional container ports of the pod, not bound to an endpoint port, are discovered as targets as well").
/// One instance per build; not thread-safe.
/// </summary>
internal sealed class MetaPodTargets
{
    private readonly List<SeenPod> _pods = [];
    private readonly Dictionary<(string Namespace, string Name), SeenPod> _byName = [];

    /// <summary>
    /// Adds <paramref name="pod"/>'s labels to <paramref name="target"/>; when <paramref name="port"/> is known, also the
    /// labels of the first container port (containers, then init containers) with that number and protocol, and
    /// records the port as bound.
    /// </summary>
    public void AttachPod(Dictionary<string, string> target, V1Pod pod, int? port, string? protocol)
    {
        MetaPodLabels.AddPod(target, pod);
        var seen = Seen(pod);
        if (port is not { } number) return;
        var normalized = NormalizeProtocol(protocol);
        seen.Bound.Add((number, normalized));
        foreach (var (container, isInit) in MetaPodLabels.Containers(pod))
        {
            if (container.Ports is null) continue;
            foreach (var containerPort in container.Ports)
            {
                if (containerPort.ContainerPort != number
                    || !string.Equals(NormalizeProtocol(containerPort.Protocol), normalized, StringComparison.Ordinal)) continue;
                MetaPodLabels.AddContainer(target, pod, container, isInit, containerPort);
                return;
            }
        }
    }

    /// <summary>
    /// Appends a target (<c>podIP:port</c>, pod and container labels) for every container port of a pod seen so far that
    /// no endpoint port bound. Pods without an IP yet (starting, or evicted) add nothing, as there is nothing to address.
    /// </summary>
    public void AddUnboundPortTargets(List<LabelSet> targets)
    {
        foreach (var seen in _pods)
        {
            var podIp = seen.Pod.Status?.PodIP;
            if (string.IsNullOrEmpty(podIp)) continue;
            foreach (var (container, isInit) in MetaPodLabels.Containers(seen.Pod))
            {
                if (container.Ports is null) continue;
                foreach (var containerPort in container.Ports)
                {
                    if (seen.Bound.Contains((containerPort.ContainerPort, NormalizeProtocol(containerPort.Protocol)))) continue;
                    var target = MetaLabels.NewLabels();
                    target[MetaLabels.Address] = MetaLabels.JoinHostPort(podIp, containerPort.ContainerPort);
                    MetaPodLabels.AddPod(target, seen.Pod);
                    MetaPodLabels.AddContainer(target, seen.Pod, container, isInit, containerPort);
                    targets.Add(MetaLabels.ToLabelSet(target));
                }
            }
        }
    }

    // The API server defaults an unset protocol to TCP; compare the same way so an unset side still matches.
    private static string NormalizeProtocol(string? protocol) => string.IsNullOrEmpty(protocol) ? "TCP" : protocol;

    private SeenPod Seen(V1Pod pod)
    {
        var key = (pod.Metadata?.NamespaceProperty ?? string.Empty, pod.Metadata?.Name ?? string.Empty);
        if (_byName.TryGetValue(key, out var seen)) return seen;
        seen = new SeenPod(pod);
        _byName.Add(key, seen);
        _pods.Add(seen);
        return seen;
    }

    private sealed class SeenPod(V1Pod pod)
    {
        public V1Pod Pod { get; } = pod;

        public HashSet<(int Port, string Protocol)> Bound { get; } = [];
    }
}
