using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.TestSupport.Kubernetes;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

/// <summary>The RBAC check's findings through the whole server: the targets API field and the metric.</summary>
public sealed class TargetsApiRbacTests
{
    [Fact]
    public async Task Targets_KubernetesJobDeniedNodeList_ListsTheDenialWithItsFix_AndExposesTheMetric()
    {
        await using var apiServer = new FakeKubernetesApiServer();
        await apiServer.StartAsync();
        apiServer.Access.Deny("nodes", verb: "list");
        await using var server = await TestServer.StartAsync($$"""
            scrape_configs:
              - job_name: kubernetes-nodes
                kubernetes_sd_configs:
                  - role: node
                    api_server: {{apiServer.BaseAddress}}
                    authorization:
                      credentials: test-token
              - job_name: static
                static_configs:
                  - targets: ['{self}']
            """);

        JsonElement denials = default;
        await Eventually.TrueAsync(async () =>
            (await server.GetJsonAsync("/api/v1/targets")).GetProperty("data").TryGetProperty("kubernetesRbacDenials", out denials),
            TimeSpan.FromSeconds(20), "the denial in the targets API");

        var denial = Assert.Single(denials.EnumerateArray());
        Assert.Equal("kubernetes-nodes", denial.GetProperty("scrapePool").GetString());
        Assert.Equal("node", denial.GetProperty("role").GetString());
        var missing = Assert.Single(denial.GetProperty("missing").EnumerateArray());
        Assert.Equal("nodes", missing.GetProperty("resource").GetString());
        Assert.Equal("", missing.GetProperty("apiGroup").GetString());
        Assert.Equal("", missing.GetProperty("namespace").GetString());
        Assert.Equal(["list"], missing.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("resources: [\"nodes\"]", denial.GetProperty("fix").GetString(), StringComparison.Ordinal);

        var other = (await server.GetJsonAsync("/api/v1/targets?scrapePool=static")).GetProperty("data");
        Assert.False(other.TryGetProperty("kubernetesRbacDenials", out _));

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("prometheus_sd_kubernetes_rbac_denied{scrape_job=\"kubernetes-nodes\",resource=\"nodes\",verb=\"list\",namespace=\"\"} 1", metrics, StringComparison.Ordinal);
    }
}
