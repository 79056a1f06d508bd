namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// What the API server refused one <c>kubernetes_sd_configs</c> entry, as its RBAC check found at start or reload.
/// </summary>
/// <param name="Job">The scrape job (scrape pool) the entry belongs to.</param>
/// <param name="Role">The entry's role: <c>node</c>, <c>pod</c>, <c>service</c>, <c>endpoints</c>, <c>endpointslice</c>, <c>ingress</c>.</param>
/// <param name="ApiServer">The API server asked, without credentials.</param>
/// <param name="Missing">The refused verbs per resource and namespace; never empty.</param>
public sealed record RbacDenial(string Job, string Role, string ApiServer, IReadOnlyList<RbacPermission> Missing)
{
    /// <summary>ClusterRole rules (YAML) that grant what is missing.</summary>
    public string Fix => RbacFix.ClusterRoleRules(Missing);
}
