using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>service</c> role: one target per service port, addressed by the service's cluster DNS name
/// (<c>&lt;name&gt;.&lt;namespace&gt;.svc:&lt;port&gt;</c>), as Prometheus's configuration.md describes.
/// </summary>
public static class ServiceTargets
{
    private const string Service = MetaLabels.Prefix + "service_";

    /// <summary>Name of the service port of the target.</summary>
    public const string PortName = Service + "port_name";
    /// <summary>Number of the service port of the target.</summary>
    public const string PortNumber = Service + "port_number";
    /// <summary>Protocol of the service port of the target.</summary>
    public const string PortProtocol = Service + "port_protocol";
    /// <summary>Cluster IP (<c>None</c> for a headless service); absent for ExternalName services.</summary>
    public const string ClusterIp = Service + "cluster_ip";
    /// <summary>The load balancer's IP: <c>spec.loadBalancerIP</c>, or the only IP the load balancer reports.</summary>
    public const string LoadBalancerIp = Service + "loadbalancer_ip";
    /// <summary>Every IP the load balancer reports, comma-separated (<c>spec.loadBalancerIP</c> when it reports none).</summary>
    public const string LoadBalancerIps = Service + "loadbalancer_ips";
    /// <summary>Every hostname the load balancer reports, comma-separated.</summary>
    public const string LoadBalancerHostnames = Service + "loadbalancer_hostnames";
    /// <summary>The DNS name an ExternalName service points to.</summary>
    public const string ExternalName = Service + "external_name";
    /// <summary>The service type.</summary>
    public const string Type = Service + "type";

    /// <summary>The source of a service's group: <c>svc/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string Source(string ns, string name) => "svc/" + ns + "/" + name;

    /// <summary>
    /// Builds the service's group. Group labels: namespace, service name, labels and annotations (and, with
    /// <paramref name="namespaceLookup"/>, the namespace's labels). Each port's target carries the address, the port's
    /// name, number and protocol, the type, and the type-dependent cluster IP, external name or load balancer labels.
    /// </summary>
    public static TargetGroup Build(V1Service service, Func<string, V1Namespace?>? namespaceLookup = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var ns = service.Metadata?.NamespaceProperty ?? string.Empty;
        var name = service.Metadata?.Name ?? string.Empty;

        var group = MetaLabels.NewLabels();
        group[MetaLabels.Namespace] = ns;
        MetaServiceLabels.Add(group, service);
        MetaNamespaceLabels.AddIfKnown(group, ns, namespaceLookup);

        var spec = service.Spec;
        var type = spec?.Type ?? string.Empty;
        var targets = new List<LabelSet>(spec?.Ports?.Count ?? 0);
        if (spec?.Ports is { } ports)
        {
            foreach (var port in ports)
            {
                var target = MetaLabels.NewLabels();
                target[MetaLabels.Address] = name + "." + ns + ".svc:" + MetaLabels.FormatPort(port.Port);
                target[PortName] = port.Name ?? string.Empty;
                target[PortNumber] = MetaLabels.FormatPort(port.Port);
                target[PortProtocol] = port.Protocol ?? string.Empty;
                target[Type] = type;
                AddTypeLabels(target, service, type);
                targets.Add(MetaLabels.ToLabelSet(target));
            }
        }
        return new TargetGroup(Source(ns, name), targets, MetaLabels.ToLabelSet(group));
    }

    private static void AddTypeLabels(Dictionary<string, string> target, V1Service service, string type)
    {
        var spec = service.Spec!;
        if (string.Equals(type, "ExternalName", StringComparison.Ordinal))
        {
            target[ExternalName] = spec.ExternalName ?? string.Empty;
            return;
        }
        target[ClusterIp] = spec.ClusterIP ?? string.Empty;
        if (string.Equals(type, "LoadBalancer", StringComparison.Ordinal)) AddLoadBalancerLabels(target, service);
    }

    private static void AddLoadBalancerLabels(Dictionary<string, string> target, V1Service service)
    {
        var ips = new List<string>();
        var hostnames = new List<string>();
        if (service.Status?.LoadBalancer?.Ingress is { } ingress)
        {
            foreach (var point in ingress)
            {
                if (!string.IsNullOrEmpty(point.Ip)) ips.Add(point.Ip);
                if (!string.IsNullOrEmpty(point.Hostname)) hostnames.Add(point.Hostname);
            }
        }

        // spec.loadBalancerIP is deprecated but still what users set on older clusters; it wins when present.
        var requested = service.Spec?.LoadBalancerIP;
        if (!string.IsNullOrEmpty(requested)) target[LoadBalancerIp] = requested;
        else if (ips.Count == 1) target[LoadBalancerIp] = ips[0];

        if (ips.Count > 0) target[LoadBalancerIps] = string.Join(',', ips);
        else if (!string.IsNullOrEmpty(requested)) target[LoadBalancerIps] = requested;
        if (hostnames.Count > 0) target[LoadBalancerHostnames] = string.Join(',', hostnames);
    }
}
