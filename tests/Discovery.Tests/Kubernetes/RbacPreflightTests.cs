using System.Net;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.TestSupport.Kubernetes;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.Tests.Kubernetes;

/// <summary>The RBAC check against the fake API server's SelfSubjectAccessReviews, allowed and denied.</summary>
public sealed class RbacPreflightTests
{
    private const string AllowedLine = "may list and watch everything it needs";

    private static async Task<FakeKubernetesApiServer> StartServerAsync()
    {
        var server = new FakeKubernetesApiServer(https: true);
        await server.StartAsync();
        return server;
    }

    [Fact]
    public async Task AllowedEndpointsRole_AsksListAndWatchForEveryWatchedResourceAndNamespace_AndReportsNothing()
    {
        await using var server = await StartServerAsync();
        await using var run = new RbacCheckRun();
        var sd = RbacCheckRun.ApiServer(server, "endpoints", "shop", "web");
        sd.AttachMetadata = new Config.KubernetesAttachMetadata { Node = true };
        run.Start("kubernetes-endpoints", sd);

        await RbacCheckRun.WaitAsync(() => run.Logs.At(LogLevel.Debug).Any(m => m.Contains(AllowedLine, StringComparison.Ordinal)), "the allowed check");
        var asked = server.Access.Asked.Select(r => $"{r.Verb} {r.Group}/{r.Resource} {r.Namespace}").Order(StringComparer.Ordinal);
        string[] expected =
        [
            "list /endpoints shop", "list /endpoints web", "list /nodes ", "list /pods shop", "list /pods web", "list /services shop", "list /services web",
            "watch /endpoints shop", "watch /endpoints web", "watch /nodes ", "watch /pods shop", "watch /pods web", "watch /services shop", "watch /services web",
        ];
        Assert.Equal(expected, asked);
        Assert.Empty(run.Status.Denials);
        Assert.Empty(run.Logs.At(LogLevel.Error));
        Assert.Null(await run.Registry.SampleValueAsync("prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-endpoints\",resource=\"endpoints\",verb=\"list\",namespace=\"shop\"}"));
    }

    [Fact]
    public async Task NodeRoleWithoutNodeList_LogsOneErrorNamingJobVerbsResourceAndFix_AndSetsMetricAndStatus()
    {
        await using var server = await StartServerAsync();
        server.Access.Deny("nodes");
        await using var run = new RbacCheckRun();
        run.Start("kubernetes-nodes", RbacCheckRun.ApiServer(server, "node"));

        await RbacCheckRun.WaitAsync(() => run.Status.Denials.Count == 1, "the denial");
        var denial = Assert.Single(run.Status.Denials);
        Assert.Equal("kubernetes-nodes", denial.Job);
        Assert.Equal("node", denial.Role);
        var missing = Assert.Single(denial.Missing);
        Assert.Equal(("", "nodes", (string?)null), (missing.ApiGroup, missing.Resource, missing.Namespace));
        Assert.Equal(["list", "watch"], missing.Verbs);

        var error = Assert.Single(run.Logs.At(LogLevel.Error));
        Assert.Contains("scrape job kubernetes-nodes (role node)", error, StringComparison.Ordinal);
        Assert.Contains("is not allowed to list, watch nodes in all namespaces", error, StringComparison.Ordinal);
        Assert.EndsWith("rules:\n  - apiGroups: [\"\"]\n    resources: [\"nodes\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n", error, StringComparison.Ordinal);

        foreach (var verb in new[] { "list", "watch" })
        {
            Assert.Equal(1, await run.Registry.SampleValueAsync(
                $"prometheus_sd_kubernetes_rbac_denied{{scrape_job=\"kubernetes-nodes\",resource=\"nodes\",verb=\"{verb}\",namespace=\"\"}}"));
        }
    }

    [Fact]
    public async Task WatchDeniedInOneNamespace_ReportsOnlyThatVerbAndNamespace()
    {
        await using var server = await StartServerAsync();
        server.Access.Deny("pods", verb: "watch", ns: "web");
        await using var run = new RbacCheckRun();
        run.Start("kubernetes-pods", RbacCheckRun.ApiServer(server, "pod", "shop", "web"));

        await RbacCheckRun.WaitAsync(() => run.Status.Denials.Count == 1, "the denial");
        var missing = Assert.Single(Assert.Single(run.Status.Denials).Missing);
        Assert.Equal(("pods", (string?)"web"), (missing.Resource, missing.Namespace));
        Assert.Equal(["watch"], missing.Verbs);
        Assert.Contains("is not allowed to watch pods in namespace web;", Assert.Single(run.Logs.At(LogLevel.Error)), StringComparison.Ordinal);
        Assert.Equal(1, await run.Registry.SampleValueAsync(
            "prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-pods\",resource=\"pods\",verb=\"watch\",namespace=\"web\"}"));
        Assert.Null(await run.Registry.SampleValueAsync(
            "prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-pods\",resource=\"pods\",verb=\"list\",namespace=\"web\"}"));
    }

    [Fact]
    public async Task EndpointSliceRoleDeniedSlicesAndPods_FixHasOneRulePerApiGroup()
    {
        await using var server = await StartServerAsync();
        server.Access.Deny("endpointslices", group: "discovery.k8s.io");
        server.Access.Deny("pods");
        await using var run = new RbacCheckRun();
        run.Start("kubernetes-slices", RbacCheckRun.ApiServer(server, "endpointslice"));

        await RbacCheckRun.WaitAsync(() => run.Status.Denials.Count == 1, "the denial");
        var denial = Assert.Single(run.Status.Denials);
        Assert.Equal(["endpointslices", "pods"], denial.Missing.Select(m => m.Resource));
        Assert.Equal(
            "rules:\n" +
            "  - apiGroups: [\"discovery.k8s.io\"]\n    resources: [\"endpointslices\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n" +
            "  - apiGroups: [\"\"]\n    resources: [\"pods\"]\n    verbs: [\"get\", \"list\", \"watch\"]\n",
            denial.Fix);
        Assert.Equal(1, await run.Registry.SampleValueAsync(
            "prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-slices\",resource=\"endpointslices.discovery.k8s.io\",verb=\"list\",namespace=\"\"}"));
    }

    [Fact]
    public async Task StoppedDiscoverer_ClearsItsDenialAndMetric()
    {
        await using var server = await StartServerAsync();
        server.Access.Deny("services");
        await using var run = new RbacCheckRun();
        run.Start("kubernetes-services", RbacCheckRun.ApiServer(server, "service"));
        await RbacCheckRun.WaitAsync(() => run.Status.Denials.Count == 1, "the denial");

        await run.StopAsync();

        Assert.Empty(run.Status.Denials);
        Assert.Null(await run.Registry.SampleValueAsync(
            "prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-services\",resource=\"services\",verb=\"list\",namespace=\"\"}"));
    }

    [Fact]
    public async Task RestartedDiscovererNowAllowed_ReportsNothing()
    {
        // A reload that changes the job makes new discoverers, which check again.
        await using var server = await StartServerAsync();
        server.Access.Deny("ingresses", group: "networking.k8s.io");
        await using (var first = new RbacCheckRun())
        {
            first.Start("kubernetes-ingresses", RbacCheckRun.ApiServer(server, "ingress"));
            await RbacCheckRun.WaitAsync(() => first.Status.Denials.Count == 1, "the first denial");
        }
        server.Access.AllowAll();
        await using var second = new RbacCheckRun();
        second.Start("kubernetes-ingresses", RbacCheckRun.ApiServer(server, "ingress"));

        await RbacCheckRun.WaitAsync(() => second.Logs.At(LogLevel.Debug).Any(m => m.Contains(AllowedLine, StringComparison.Ordinal)), "the allowed check");
        Assert.Empty(second.Status.Denials);
    }

    [Fact]
    public async Task ReviewsThatCannotBeAsked_LogAWarningAndReportNoDenial()
    {
        await using var server = await StartServerAsync();
        server.Access.Deny("nodes");
        server.RejectRequests(HttpStatusCode.InternalServerError);
        await using var run = new RbacCheckRun();
        run.Start("kubernetes-nodes", RbacCheckRun.ApiServer(server, "node"));

        await RbacCheckRun.WaitAsync(() => run.Logs.At(LogLevel.Warning).Any(m => m.Contains("could not check the RBAC permissions of scrape job kubernetes-nodes", StringComparison.Ordinal)), "the warning");
        Assert.Empty(run.Status.Denials);
        Assert.DoesNotContain(run.Logs.At(LogLevel.Error), m => m.Contains("is not allowed", StringComparison.Ordinal));
    }
}
