using System.Net;
using System.Text.Json;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

/// <summary>A server whose pool relabels in several steps and drops some targets, for the targets API's discovery views.</summary>
public sealed class RelabelStepsServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Targets that are never scraped successfully are fine here: only discovery and relabeling are looked at.
        Server = await TestServer.StartAsync("""
            global:
              scrape_interval: 1h
            scrape_configs:
              - job_name: web
                static_configs:
                  - targets: ['web-1:8080', 'skip-1:8080']
                    labels:
                      __meta_zone: eu-1
                relabel_configs:
                  - source_labels: [__address__]
                    regex: 'skip-.*'
                    action: drop
                  - source_labels: [__meta_zone]
                    target_label: zone
                  - source_labels: [__address__]
                    regex: '([^:]+):\d+'
                    replacement: '${1}:9100'
                    target_label: __address__
              - job_name: other
                static_configs:
                  - targets: ['other-1:9090']
            """);
        await Server.WaitForTargetsAsync(t => t.Count == 2, "both active targets");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class TargetsApiRelabelStepsTests(RelabelStepsServerFixture fixture) : IClassFixture<RelabelStepsServerFixture>
{
    private TestServer Server => fixture.Server;

    private static string Query(string pool, string labelsJson) =>
        $"/api/v1/targets/relabel_steps?scrapePool={Uri.EscapeDataString(pool)}&labels={Uri.EscapeDataString(labelsJson)}";

    [Fact]
    public async Task RelabelSteps_KeptTarget_OneStepPerRuleWithTheRuleTheLabelsAfterItAndKeep()
    {
        var discovered = """{"__address__":"web-1:8080","__meta_zone":"eu-1","job":"web"}""";

        var json = await Server.GetJsonAsync(Query("web", discovered));

        Assert.Equal("success", json.GetProperty("status").GetString());
        var steps = json.GetProperty("data").GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.True(s.GetProperty("keep").GetBoolean()));
        var drop = steps[0].GetProperty("rule");
        Assert.Equal("drop", drop.GetProperty("action").GetString());
        Assert.Equal(["__address__"], drop.GetProperty("sourceLabels").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("skip-.*", drop.GetProperty("regex").GetString());
        Assert.Equal(
            new Dictionary<string, string> { ["__address__"] = "web-1:8080", ["__meta_zone"] = "eu-1", ["job"] = "web", ["zone"] = "eu-1" },
            Labels(steps[1].GetProperty("output")));
        Assert.Equal("zone", steps[1].GetProperty("rule").GetProperty("targetLabel").GetString());
        Assert.Equal("web-1:9100", Labels(steps[2].GetProperty("output"))["__address__"]);
        Assert.Equal("${1}:9100", steps[2].GetProperty("rule").GetProperty("replacement").GetString());
    }

    [Fact]
    public async Task RelabelSteps_DroppedTarget_EndsAtTheDroppingRuleWithEmptyOutputAndKeepFalse()
    {
        var json = await Server.GetJsonAsync(Query("web", """{"__address__":"skip-1:8080","job":"web"}"""));

        var step = Assert.Single(json.GetProperty("data").GetProperty("steps").EnumerateArray());
        Assert.False(step.GetProperty("keep").GetBoolean());
        Assert.Empty(step.GetProperty("output").EnumerateObject());
        Assert.Equal("drop", step.GetProperty("rule").GetProperty("action").GetString());
    }

    [Fact]
    public async Task RelabelSteps_PoolWithoutRules_HasNoSteps()
    {
        var json = await Server.GetJsonAsync(Query("other", """{"__address__":"other-1:9090"}"""));

        Assert.Empty(json.GetProperty("data").GetProperty("steps").EnumerateArray());
    }

    [Theory]
    [InlineData("no pool", "/api/v1/targets/relabel_steps?labels=%7B%7D")]
    [InlineData("no labels", "/api/v1/targets/relabel_steps?scrapePool=web")]
    [InlineData("labels not JSON", "/api/v1/targets/relabel_steps?scrapePool=web&labels=job%3Dweb")]
    [InlineData("labels not an object of strings", "/api/v1/targets/relabel_steps?scrapePool=web&labels=%5B1%5D")]
    [InlineData("unknown pool", "/api/v1/targets/relabel_steps?scrapePool=nope&labels=%7B%7D")]
    public async Task RelabelSteps_BadParameters_Answer400BadData(string what, string path)
    {
        using var response = await Server.Http.GetAsync(path);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Equal("bad_data", json.GetProperty("errorType").GetString());
    }

    [Theory]
    [InlineData("", 2, 1)]
    [InlineData("?state=any", 2, 1)]
    [InlineData("?state=ANY", 2, 1)]
    [InlineData("?state=active", 2, 0)]
    [InlineData("?state=dropped", 0, 1)]
    [InlineData("?state=dropped&scrapePool=other", 0, 0)]
    [InlineData("?scrapePool=web", 1, 1)]
    [InlineData("?state=other", 0, 0)]
    public async Task Targets_StateAndScrapePoolFilters_LeaveEmptyArraysForWhatIsFilteredOut(string query, int active, int dropped)
    {
        var data = (await Server.GetJsonAsync("/api/v1/targets" + query)).GetProperty("data");

        Assert.Equal(active, data.GetProperty("activeTargets").GetArrayLength());
        Assert.Equal(dropped, data.GetProperty("droppedTargets").GetArrayLength());
        Assert.False(data.TryGetProperty("kubernetesRbacDenials", out _));
    }

    [Fact]
    public async Task Targets_DiscoveredLabels_OnActiveAndDroppedTargets()
    {
        var data = (await Server.GetJsonAsync("/api/v1/targets?scrapePool=web")).GetProperty("data");

        var active = Assert.Single(data.GetProperty("activeTargets").EnumerateArray());
        Assert.Equal("eu-1", active.GetProperty("discoveredLabels").GetProperty("__meta_zone").GetString());
        Assert.Equal("web-1:8080", active.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.Equal("web-1:9100", active.GetProperty("labels").GetProperty("instance").GetString());
        var dropped = Assert.Single(data.GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal("skip-1:8080", dropped.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.Equal("eu-1", dropped.GetProperty("discoveredLabels").GetProperty("__meta_zone").GetString());
    }

    private static Dictionary<string, string> Labels(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
