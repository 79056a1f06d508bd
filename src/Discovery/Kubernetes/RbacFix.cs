using System.Text;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>Writes the ClusterRole rules that grant missing permissions, for the log line and the targets API.</summary>
public static class RbacFix
{
    /// <summary>
    /// A <c>rules:</c> YAML block with one rule per API group, each granting get, list and watch (what
    /// <c>deploy/rbac.yaml</c> grants) on the missing resources, in the order first seen.
    /// </summary>
    public static string ClusterRoleRules(IEnumerable<RbacPermission> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var groups = new List<(string Group, List<string> Resources)>();
        foreach (var permission in missing)
        {
            var index = groups.FindIndex(g => g.Group == permission.ApiGroup);
            if (index < 0)
            {
                groups.Add((permission.ApiGroup, []));
                index = groups.Count - 1;
            }
            if (!groups[index].Resources.Contains(permission.Resource)) groups[index].Resources.Add(permission.Resource);
        }
        var yaml = new StringBuilder("rules:\n");
        foreach (var (group, resources) in groups)
        {
            yaml.Append("  - apiGroups: [\"").Append(group).Append("\"]\n");
            yaml.Append("    resources: [").AppendJoin(", ", resources.Select(r => "\"" + r + "\"")).Append("]\n");
            yaml.Append("    verbs: [\"get\", \"list\", \"watch\"]\n");
        }
        return yaml.ToString();
    }
}
