using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>endpoints</c> role: one target per endpoint address and port, ready and not-ready addresses alike, plus a
/// target for each container port of a backing pod that no endpoint port binds, as Prometheus's configuration.md describes.
/// </summary>
public static class EndpointsTargets
{
    private const string Endpoint = MetaLabels.Prefix + "endpoint_";

    /// <summary>The endpoints object's name (group label).</summary>
    public const string EndpointsName = MetaLabels.Prefix + "endpoints_name";
    /// <summary>Hostname of the endpoint address, when set.</summary>
    public const string Hostname = Endpoint + "hostname";
    /// <summary>Node hosting the endpoint address, when set.</summary>
    public const string NodeName = Endpoint + "node_name";
    /// <summary><c>true</c> for an address listed as ready, <c>false</c> for a not-ready one.</summary>
    public const string Ready = Endpoint + "ready";
    /// <summary>Name of the endpoint port.</summary>
    public const string PortName = Endpoint + "port_name";
    /// <summary>Protocol of the endpoint port.</summary>
    public const string PortProtocol = Endpoint + "port_protocol";
    /// <summary>Kind of the object the address refers to (usually <c>Pod</c>).</summary>
    public const string AddressTargetKind = Endpoint + "address_target_kind";
    /// <summary>Name of the object the address refers to.</summary>
    public const string AddressTargetName = Endpoint + "address_target_name";

    /// <summary>The source of an endpoints object's group: <c>endpoints/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string Source(string ns, string name) => "endpoints/" + ns + "/" + name;

    /// <summary>
    /// Builds the group of <paramref name="endpoints"/>.
    /// </summary>
    /// <param name="endpoints">The endpoints object.</param>
    /// <param name="service">Finds a service by namespace and name; the service of the same name as the endpoints adds its group labels.</param>
    /// <param name="pod">Finds a pod by namespace and name, for addresses whose target reference is a pod.</param>
    /// <param name="node">With <c>attach_metadata.node</c>, finds a node by name; null otherwise.</param>
    /// <param name="namespaceLookup">With <c>attach_metadata.namespace</c>, finds a namespace by name; null otherwise.</param>
    public static TargetGroup Build(
        V1Endpoints endpoints,
        Func<string, string, V1Service?> service,
        Func<string, string, V1Pod?> pod,
        Func<string, V1Node?>? node,
        Func<string, V1Namespace?>? namespaceLookup = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pod);
        var ns = endpoints.Metadata?.NamespaceProperty ?? string.Empty;
        var name = endpoints.Metadata?.Name ?? string.Empty;

        var group = MetaLabels.NewLabels();
        group[MetaLabels.Namespace] = ns;
        group[EndpointsName] = name;
        MetaLabels.AddLabelsAndAnnotations(group, "endpoints", endpoints.Metadata?.Labels, endpoints.Metadata?.Annotations);
        if (service(ns, name) is { } svc) MetaServiceLabels.Add(group, svc);
        MetaNamespaceLabels.AddIfKnown(group, ns, namespaceLookup);

        var targets = new List<LabelSet>();
        var pods = new MetaPodTargets();
        if (endpoints.Subsets is { } subsets)
        {
            foreach (var subset in subsets)
            {
                if (subset.Ports is null) continue;
                foreach (var port in subset.Ports)
                {
                    AddAddresses(targets, pods, subset.Addresses, port, ready: true, ns, pod, node);
                    AddAddresses(targets, pods, subset.NotReadyAddresses, port, ready: false, ns, pod, node);
                }
            }
        }
        pods.AddUnboundPortTargets(targets);
        return new TargetGroup(Source(ns, name), targets, MetaLabels.ToLabelSet(group));
    }

    private static void AddAddresses(
        List<LabelSet> targets, MetaPodTargets pods, IList<V1EndpointAddress>? addresses, Corev1EndpointPort port, bool ready,
        string ns, Func<string, string, V1Pod?> podLookup, Func<string, V1Node?>? nodeLookup)
    {
        if (addresses is null) return;
        foreach (var address in addresses)
        {
            var target = MetaLabels.NewLabels();
            target[MetaLabels.Address] = MetaLabels.JoinHostPort(address.Ip ?? string.Empty, port.Port);
            target[PortName] = port.Name ?? string.Empty;
            target[PortProtocol] = port.Protocol ?? string.Empty;
            target[Ready] = MetaLabels.FormatBool(ready);
            if (!string.IsNullOrEmpty(address.Hostname)) target[Hostname] = address.Hostname;
            if (address.NodeName is not null) target[NodeName] = address.NodeName;

            var reference = address.TargetRef;
            if (reference is not null)
            {
                target[AddressTargetKind] = reference.Kind ?? string.Empty;
                target[AddressTargetName] = reference.Name ?? string.Empty;
                if (string.Equals(reference.Kind, "Pod", StringComparison.Ordinal)
                    && podLookup(reference.NamespaceProperty ?? ns, reference.Name ?? string.Empty) is { } backingPod)
                {
                    pods.AttachPod(target, backingPod, port.Port, port.Protocol);
                }
            }

            if (nodeLookup is not null && MetaNodeName.Of(address.NodeName, reference) is { } nodeName
                && nodeLookup(nodeName) is { } hostingNode)
            {
                MetaNodeLabels.Add(target, hostingNode);
            }
            targets.Add(MetaLabels.ToLabelSet(target));
        }
    }
}
