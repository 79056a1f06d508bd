using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>endpointslice</c> role (<c>discovery.k8s.io/v1</c>): one target per port and endpoint address, plus a target
/// for each container port of a backing pod that no slice port binds, as Prometheus's configuration.md describes.
/// </summary>
public static class EndpointSliceTargets
{
    private const string Slice = MetaLabels.Prefix + "endpointslice_";

    /// <summary>The slice's name (group label).</summary>
    public const string SliceName = Slice + "name";
    /// <summary>The slice's address type: <c>IPv4</c>, <c>IPv6</c> or <c>FQDN</c> (group label).</summary>
    public const string AddressType = Slice + "address_type";
    /// <summary>Kind of the object the endpoint refers to.</summary>
    public const string AddressTargetKind = Slice + "address_target_kind";
    /// <summary>Name of the object the endpoint refers to.</summary>
    public const string AddressTargetName = Slice + "address_target_name";
    /// <summary>The endpoint's ready condition, when set.</summary>
    public const string ConditionsReady = Slice + "endpoint_conditions_ready";
    /// <summary>The endpoint's serving condition, when set.</summary>
    public const string ConditionsServing = Slice + "endpoint_conditions_serving";
    /// <summary>The endpoint's terminating condition, when set.</summary>
    public const string ConditionsTerminating = Slice + "endpoint_conditions_terminating";
    /// <summary>The endpoint's hostname, when set.</summary>
    public const string Hostname = Slice + "endpoint_hostname";
    /// <summary>The node hosting the endpoint, when set.</summary>
    public const string NodeName = Slice + "endpoint_node_name";
    /// <summary>The zone the endpoint is in, when set.</summary>
    public const string Zone = Slice + "endpoint_zone";
    /// <summary>Prefix of <c>..._endpoint_topology_&lt;key&gt;</c>, from the endpoint's deprecatedTopology map.</summary>
    public const string TopologyPrefix = Slice + "endpoint_topology_";
    /// <summary>Prefix of <c>..._endpoint_topology_present_&lt;key&gt;</c>.</summary>
    public const string TopologyPresentPrefix = Slice + "endpoint_topology_present_";
    /// <summary>The port number, when set.</summary>
    public const string Port = Slice + "port";
    /// <summary>The port's name, when set.</summary>
    public const string PortName = Slice + "port_name";
    /// <summary>The port's protocol, when set.</summary>
    public const string PortProtocol = Slice + "port_protocol";
    /// <summary>The port's application protocol, when set.</summary>
    public const string PortAppProtocol = Slice + "port_app_protocol";

    /// <summary>The label naming the service a slice belongs to.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The source of a slice's group: <c>endpointslice/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string Source(string ns, string name) => "endpointslice/" + ns + "/" + name;

    /// <summary>
    /// Builds the group of <paramref name="slice"/>.
    /// </summary>
    /// <param name="slice">The endpoint slice.</param>
    /// <param name="service">Finds a service by namespace and name; the one the slice's <c>kubernetes.io/service-name</c> label names adds its group labels.</param>
    /// <param name="pod">Finds a pod by namespace and name, for endpoints whose target reference is a pod.</param>
    /// <param name="node">With <c>attach_metadata.node</c>, finds a node by name; null otherwise.</param>
    /// <param name="namespaceLookup">With <c>attach_metadata.namespace</c>, finds a namespace by name; null otherwise.</param>
    public static TargetGroup Build(
        V1EndpointSlice slice,
        Func<string, string, V1Service?> service,
        Func<string, string, V1Pod?> pod,
        Func<string, V1Node?>? node,
        Func<string, V1Namespace?>? namespaceLookup = null)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pod);
        var ns = slice.Metadata?.NamespaceProperty ?? string.Empty;
        var name = slice.Metadata?.Name ?? string.Empty;

        var group = MetaLabels.NewLabels();
        group[MetaLabels.Namespace] = ns;
        group[SliceName] = name;
        group[AddressType] = slice.AddressType ?? string.Empty;
        MetaLabels.AddLabelsAndAnnotations(group, "endpointslice", slice.Metadata?.Labels, slice.Metadata?.Annotations);
        if (slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out var serviceName)
            && service(ns, serviceName) is { } svc)
        {
            MetaServiceLabels.Add(group, svc);
        }
        MetaNamespaceLabels.AddIfKnown(group, ns, namespaceLookup);

        var targets = new List<LabelSet>();
        var pods = new MetaPodTargets();
        if (slice.Ports is { } ports && slice.Endpoints is { } endpoints)
        {
            foreach (var port in ports)
            {
                foreach (var endpoint in endpoints)
                {
                    if (endpoint.Addresses is null) continue;
                    foreach (var address in endpoint.Addresses)
                        targets.Add(Target(address, endpoint, port, pods, ns, pod, node));
                }
            }
        }
        pods.AddUnboundPortTargets(targets);
        return new TargetGroup(Source(ns, name), targets, MetaLabels.ToLabelSet(group));
    }

    private static LabelSet Target(
        string address, V1Endpoint endpoint, Discoveryv1EndpointPort port, MetaPodTargets pods, string ns,
        Func<string, string, V1Pod?> podLookup, Func<string, V1Node?>? nodeLookup)
    {
        var target = MetaLabels.NewLabels();
        // A port without a number means "all ports" to Kubernetes; the target is then the bare address.
        target[MetaLabels.Address] = port.Port is { } number ? MetaLabels.JoinHostPort(address, number) : address;
        if (port.Name is not null) target[PortName] = port.Name;
        if (port.Protocol is not null) target[PortProtocol] = port.Protocol;
        if (port.Port is { } portNumber) target[Port] = MetaLabels.FormatPort(portNumber);
        if (port.AppProtocol is not null) target[PortAppProtocol] = port.AppProtocol;

        if (endpoint.Conditions is { } conditions)
        {
            if (conditions.Ready is { } ready) target[ConditionsReady] = MetaLabels.FormatBool(ready);
            if (conditions.Serving is { } serving) target[ConditionsServing] = MetaLabels.FormatBool(serving);
            if (conditions.Terminating is { } terminating) target[ConditionsTerminating] = MetaLabels.FormatBool(terminating);
        }
        if (endpoint.Hostname is not null) target[Hostname] = endpoint.Hostname;
        if (endpoint.NodeName is not null) target[NodeName] = endpoint.NodeName;
        if (endpoint.Zone is not null) target[Zone] = endpoint.Zone;
        AddTopology(target, endpoint.DeprecatedTopology);

        var reference = endpoint.TargetRef;
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

        if (nodeLookup is not null && MetaNodeName.Of(endpoint.NodeName, reference) is { } nodeName
            && nodeLookup(nodeName) is { } hostingNode)
        {
            MetaNodeLabels.Add(target, hostingNode);
        }
        return MetaLabels.ToLabelSet(target);
    }

    private static void AddTopology(Dictionary<string, string> target, IDictionary<string, string>? topology)
    {
        if (topology is null || topology.Count == 0) return;
        var keys = new string[topology.Count];
        topology.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var name = MetaLabels.SanitizeLabelName(key);
            target[TopologyPrefix + name] = topology[key] ?? string.Empty;
            target[TopologyPresentPrefix + name] = "true";
        }
    }
}
