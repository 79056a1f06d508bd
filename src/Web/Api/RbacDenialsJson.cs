using MetricsServer.Discovery.Kubernetes;

namespace MetricsServer.Web.Api;

/// <summary>
/// The <c>kubernetesRbacDenials</c> field of <c>/api/v1/targets</c> (not in Prometheus; present only when non-empty):
/// per Kubernetes SD entry whose RBAC check found missing permissions, <c>scrapePool</c>, <c>role</c>,
/// <c>apiServer</c>, <c>missing</c> (<c>apiGroup</c>, <c>resource</c>, <c>namespace</c> — empty for all namespaces —
/// and <c>verbs</c>) and <c>fix</c>, the ClusterRole rules that grant them as YAML.
/// </summary>
public static class RbacDenialsJson
{
    /// <summary>The denials of every pool, or of <paramref name="scrapePool"/> when it is not empty.</summary>
    public static List<Dictionary<string, object?>> For(RbacStatus status, string scrapePool)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(scrapePool);
        var result = new List<Dictionary<string, object?>>();
        foreach (var denial in status.Denials)
        {
            if (scrapePool.Length > 0 && denial.Job != scrapePool) continue;
            result.Add(new Dictionary<string, object?>
            {
                ["scrapePool"] = denial.Job,
                ["role"] = denial.Role,
                ["apiServer"] = denial.ApiServer,
                ["missing"] = denial.Missing.Select(m => new Dictionary<string, object?>
                {
                    ["apiGroup"] = m.ApiGroup,
                    ["resource"] = m.Resource,
                    ["namespace"] = m.Namespace ?? "",
                    ["verbs"] = m.Verbs,
                }).ToList(),
                ["fix"] = denial.Fix,
            });
        }
        return result;
    }
}
