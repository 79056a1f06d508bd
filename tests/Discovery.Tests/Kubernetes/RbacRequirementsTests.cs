using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>What each role needs, as the RBAC check asks for it and the deployment's ClusterRole must grant it.</summary>
public sealed class RbacRequirementsTests
{
    [Theory]
    [InlineData("node", false, "/nodes")]
    [InlineData("pod", false, "/pods")]
    [InlineData("pod", true, "/pods,/nodes")]
    [InlineData("service", false, "/services")]
    [InlineData("ingress", false, "networking.k8s.io/ingresses")]
    [InlineData("endpoints", false, "/endpoints,/services,/pods")]
    [InlineData("endpoints", true, "/endpoints,/services,/pods,/nodes")]
    [InlineData("endpointslice", false, "discovery.k8s.io/endpointslices,/services,/pods")]
    [InlineData("endpointslice", true, "discovery.k8s.io/endpointslices,/services,/pods,/nodes")]
    public void For_Role_ListsEveryWatchedResourceWithListAndWatch(string role, bool attachNode, string expected)
    {
        var sd = new KubernetesSdConfig { Role = role, AttachMetadata = new KubernetesAttachMetadata { Node = attachNode } };

        var permissions = RbacRequirements.For(sd);

        Assert.Equal(expected, string.Join(',', permissions.Select(p => p.ApiGroup + "/" + p.Resource)));
        Assert.All(permissions, p => Assert.Equal(["list", "watch"], p.Verbs));
        Assert.All(permissions, p => Assert.Null(p.Namespace));
    }

    [Fact]
    public void For_NamespacesAndOwnNamespace_OnePermissionPerNamespacedResourceAndNamespace_NodesClusterWide()
    {
        var sd = new KubernetesSdConfig
        {
            Role = "pod",
            AttachMetadata = new KubernetesAttachMetadata { Node = true },
            Namespaces = new KubernetesNamespaces { Names = ["shop", "web"], OwnNamespace = true },
        };

        var permissions = RbacRequirements.For(sd, ownNamespace: "monitoring");

        Assert.Equal(["pods shop", "pods web", "pods monitoring", "nodes *"], permissions.Select(p => p.Resource + " " + (p.Namespace ?? "*")));
    }

    [Fact]
    public void Fix_GroupsResourcesByApiGroupInFirstSeenOrder()
    {
        RbacPermission[] missing =
        [
            new("", "nodes", null, ["list"]),
            new("networking.k8s.io", "ingresses", "web", ["watch"]),
            new("", "pods", "web", ["list", "watch"]),
            new("", "pods", "shop", ["list"]),
        ];

        Assert.Equal(
            "rules:\n" +
            "  - apiGroups: [\"\"]\n    resources: [\"nodes\", \"pods\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n" +
            "  - apiGroups: [\"networking.k8s.io\"]\n    resources: [\"ingresses\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n",
            RbacFix.ClusterRoleRules(missing));
    }
}
