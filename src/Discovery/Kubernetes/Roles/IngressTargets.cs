using k8s.Models;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>ingress</c> role (<c>networking.k8s.io/v1</c>): one target per rule and path, addressed by the rule's host,
/// for blackbox probing, as Prometheus's configuration.md describes.
/// </summary>
public static class IngressTargets
{
    private const string Ingress = MetaLabels.Prefix + "ingress_";

    /// <summary>The ingress's name (group label).</summary>
    public const string Name = Ingress + "name";
    /// <summary>The ingress class from the spec, when set (group label).</summary>
    public const string ClassName = Ingress + "class_name";
    /// <summary><c>https</c> when a TLS section covers the rule's host, otherwise <c>http</c>.</summary>
    public const string Scheme = Ingress + "scheme";
    /// <summary>The rule's path, <c>/</c> when empty.</summary>
    public const string Path = Ingress + "path";
    /// <summary>The rule's host.</summary>
    public const string Host = Ingress + "host";

    /// <summary>The source of an ingress's group: <c>ingress/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string Source(string ns, string name) => "ingress/" + ns + "/" + name;

    /// <summary>
    /// Builds the ingress's group. A rule without an <c>http</c> section yields one target for <c>/</c>; a rule whose
    /// <c>http</c> section lists no paths yields none. A TLS host covers a rule host when equal to it (ignoring case) or
    /// when it is a wildcard <c>*.suffix</c> and the rule host is exactly one DNS label followed by <c>.suffix</c>.
    /// </summary>
    public static TargetGroup Build(V1Ingress ingress, Func<string, V1Namespace?>? namespaceLookup = null)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        var ns = ingress.Metadata?.NamespaceProperty ?? string.Empty;
        var name = ingress.Metadata?.Name ?? string.Empty;

        var group = MetaLabels.NewLabels();
        group[MetaLabels.Namespace] = ns;
        group[Name] = name;
        MetaLabels.AddLabelsAndAnnotations(group, "ingress", ingress.Metadata?.Labels, ingress.Metadata?.Annotations);
        if (ingress.Spec?.IngressClassName is { } className) group[ClassName] = className;
        MetaNamespaceLabels.AddIfKnown(group, ns, namespaceLookup);

        var targets = new List<LabelSet>();
        if (ingress.Spec?.Rules is { } rules)
        {
            foreach (var rule in rules)
            {
                var host = rule.Host ?? string.Empty;
                var scheme = CoveredByTls(ingress.Spec.Tls, host) ? "https" : "http";
                foreach (var path in Paths(rule))
                {
                    var target = MetaLabels.NewLabels();
                    target[MetaLabels.Address] = host;
                    target[Host] = host;
                    target[Scheme] = scheme;
                    target[Path] = path;
                    targets.Add(MetaLabels.ToLabelSet(target));
                }
            }
        }
        return new TargetGroup(Source(ns, name), targets, MetaLabels.ToLabelSet(group));
    }

    /// <summary>Whether a TLS host pattern (<c>example.com</c> or <c>*.example.com</c>) covers <paramref name="host"/>.</summary>
    public static bool MatchesTlsHost(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase)) return true;
        if (!pattern.StartsWith("*.", StringComparison.Ordinal)) return false;
        // As for certificates: the wildcard stands for exactly one non-empty leftmost label.
        var suffix = pattern.AsSpan(1);
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && host.AsSpan(dot).Equals(suffix, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Paths(V1IngressRule rule)
    {
        if (rule.Http is null) return ["/"];
        if (rule.Http.Paths is null) return [];
        var paths = new List<string>(rule.Http.Paths.Count);
        foreach (var path in rule.Http.Paths) paths.Add(string.IsNullOrEmpty(path.Path) ? "/" : path.Path);
        return paths;
    }

    private static bool CoveredByTls(IList<V1IngressTLS>? tls, string host)
    {
        if (tls is null) return false;
        foreach (var section in tls)
        {
            if (section.Hosts is null) continue;
            foreach (var pattern in section.Hosts)
            {
                if (pattern is not null && MatchesTlsHost(pattern, host)) return true;
            }
        }
        return false;
    }
}
