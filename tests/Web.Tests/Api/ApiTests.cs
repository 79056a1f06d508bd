using System.Net;
using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

/// <summary>One server scraping a fake target and dropping another, shared by the API tests.</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    public ScrapeTarget Target { get; } = new("""
        # HELP app_requests_total Requests served.
        # TYPE app_requests_total counter
        app_requests_total{code="200"} 5
        app_requests_total{code="500"} 1
        # HELP app_temperature_celsius Temperature.
        # TYPE app_temperature_celsius gauge
        app_temperature_celsius 21.5

        """);

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync($$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: app
                basic_auth:
                  username: user
                  password: hunter2-secret
                static_configs:
                  - targets: ['{{Target.Address}}', 'drop-me:1234']
                relabel_configs:
                  - source_labels: [__address__]
                    regex: 'drop-me:.*'
                    action: drop
            """);
        await Server.WaitForTargetsAsync(t => t.Count == 1 && t[0].GetProperty("health").GetString() == "up", "the app target up");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Target.DisposeAsync();
    }
}

public sealed class ApiTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Targets_ActiveTarget_HasPrometheusFields()
    {
        var json = await Server.GetJsonAsync("/api/v1/targets");
        var t = json.GetProperty("data").GetProperty("activeTargets")[0];

        Assert.Equal("success", json.GetProperty("status").GetString());
        Assert.Equal("app", t.GetProperty("scrapePool").GetString());
        Assert.Equal($"http://{fixture.Target.Address}/metrics", t.GetProperty("scrapeUrl").GetString());
        Assert.Equal(fixture.Target.Address, t.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal(fixture.Target.Address, t.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.Equal("1s", t.GetProperty("scrapeInterval").GetString());
        Assert.Equal("1s", t.GetProperty("scrapeTimeout").GetString());
        Assert.Equal("", t.GetProperty("lastError").GetString());
        Assert.True(DateTimeOffset.Parse(t.GetProperty("lastScrape").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(t.GetProperty("lastScrapeDuration").GetDouble() > 0);
    }

    [Fact]
    public async Task Targets_Dropped_ListedWithDiscoveredLabelsAndCount()
    {
        var json = await Server.GetJsonAsync("/api/v1/targets?state=dropped");
        var data = json.GetProperty("data");

        Assert.Empty(data.GetProperty("activeTargets").EnumerateArray());
        var dropped = Assert.Single(data.GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal("drop-me:1234", dropped.GetProperty("discoveredLabels").GetProperty("__address__").GetString());
        Assert.Equal(1, data.GetProperty("droppedTargetCounts").GetProperty("app").GetInt32());
    }

    [Fact]
    public async Task Targets_ScrapePoolFilter_ExcludesOtherPools()
    {
        var json = await Server.GetJsonAsync("/api/v1/targets?scrapePool=nope");

        Assert.Empty(json.GetProperty("data").GetProperty("activeTargets").EnumerateArray());
    }

    [Fact]
    public async Task Config_PrintsSecretsRedacted()
    {
        var yaml = (await Server.GetJsonAsync("/api/v1/status/config")).GetProperty("data").GetProperty("yaml").GetString()!;

        Assert.Contains("job_name: app", yaml);
        Assert.Contains("<secret>", yaml);
        Assert.DoesNotContain("hunter2-secret", yaml);
    }

    [Fact]
    public async Task Flags_ShowEffectiveValues()
    {
        var data = (await Server.GetJsonAsync("/api/v1/status/flags")).GetProperty("data");

        Assert.Equal(Server.ConfigFile, data.GetProperty("config.file").GetString());
        Assert.Equal("15d", data.GetProperty("storage.tsdb.retention.time").GetString());
        Assert.Equal("false", data.GetProperty("web.enable-admin-api").GetString());
    }

    [Fact]
    public async Task BuildInfoAndRuntimeInfo_HavePrometheusKeys()
    {
        var build = (await Server.GetJsonAsync("/api/v1/status/buildinfo")).GetProperty("data");
        var runtime = (await Server.GetJsonAsync("/api/v1/status/runtimeinfo")).GetProperty("data");

        Assert.False(string.IsNullOrEmpty(build.GetProperty("version").GetString()));
        Assert.True(build.TryGetProperty("goVersion", out _));
        Assert.True(runtime.GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.Equal("15d", runtime.GetProperty("storageRetention").GetString());
    }

    [Fact]
    public async Task TargetMetadata_ListsTypesAndHelpPerTarget()
    {
        var data = (await Server.GetJsonAsync("/api/v1/targets/metadata?metric=app_requests_total")).GetProperty("data");
        var entry = Assert.Single(data.EnumerateArray());

        Assert.Equal("counter", entry.GetProperty("type").GetString());
        Assert.Equal("Requests served.", entry.GetProperty("help").GetString());
        Assert.Equal("app", entry.GetProperty("target").GetProperty("job").GetString());
    }

    [Fact]
    public async Task TargetMetadata_MatchTarget_Filters()
    {
        var none = (await Server.GetJsonAsync("/api/v1/targets/metadata?match_target=" + Uri.EscapeDataString("{job=\"other\"}"))).GetProperty("data");
        var some = (await Server.GetJsonAsync("/api/v1/targets/metadata?match_target=" + Uri.EscapeDataString("{job=\"app\"}"))).GetProperty("data");

        Assert.Empty(none.EnumerateArray());
        Assert.Equal(2, some.GetArrayLength());
    }

    [Fact]
    public async Task Metadata_GroupsByMetric()
    {
        var data = (await Server.GetJsonAsync("/api/v1/metadata")).GetProperty("data");

        Assert.Equal("gauge", data.GetProperty("app_temperature_celsius")[0].GetProperty("type").GetString());
        Assert.Equal("Temperature.", data.GetProperty("app_temperature_celsius")[0].GetProperty("help").GetString());
    }

    [Fact]
    public async Task Series_MatchSelector_ReturnsLabelSets()
    {
        var data = (await Server.GetJsonAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("app_requests_total{code=~\"5..\"}"))).GetProperty("data");
        var series = Assert.Single(data.EnumerateArray());

        Assert.Equal("500", series.GetProperty("code").GetString());
        Assert.Equal("app", series.GetProperty("job").GetString());
    }

    [Fact]
    public async Task LabelValues_ListsMetricNames()
    {
        var data = (await Server.GetJsonAsync("/api/v1/label/__name__/values")).GetProperty("data");
        var names = data.EnumerateArray().Select(e => e.GetString()).ToList();

        Assert.Contains("app_requests_total", names);
        Assert.Contains("up", names);
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
    }

    [Fact]
    public async Task Labels_ListsLabelNames()
    {
        var data = (await Server.GetJsonAsync("/api/v1/labels")).GetProperty("data");

        Assert.Contains("code", data.EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    [InlineData("/api/v1/series?match[]=%7Bcode%3D%22x", "parse error")]
    [InlineData("/api/v1/series?match[]=%7Ba%3D%22%22%7D", "at least one non-empty matcher")]
    [InlineData("/api/v1/labels?start=yesterday", "invalid parameter \"start\"")]
    [InlineData("/api/v1/series?match[]=sum(up)", "expected a series selector")]
    public async Task BadParameters_AreBadData(string path, string expected)
    {
        using var response = await Server.Http.GetAsync(path);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", json.GetProperty("status").GetString());
        Assert.Equal("bad_data", json.GetProperty("errorType").GetString());
        Assert.Contains(expected, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task HealthyAndReady_AnswerLikePrometheus()
    {
        Assert.Equal("Prometheus Server is Healthy.\n", await Server.Http.GetStringAsync("/-/healthy"));
        Assert.Equal("Prometheus Server is Ready.\n", await Server.Http.GetStringAsync("/-/ready"));
    }

    [Fact]
    public async Task Metrics_ExposesPrometheusSelfMetricNames()
    {
        var text = await Server.Http.GetStringAsync("/metrics");

        foreach (var name in new[]
                 {
                     "prometheus_tsdb_head_series ", "prometheus_tsdb_head_samples_appended_total", "prometheus_target_interval_length_seconds",
                     "prometheus_config_last_reload_successful 1", "prometheus_target_scrape_pool_targets{scrape_job=\"app\"} 1", "process_cpu_seconds_total",
                 })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public async Task ScrapeRequest_CarriesBasicAuth()
    {
        var request = fixture.Target.Requests[^1];

        Assert.Equal("Basic " + Convert.ToBase64String("user:hunter2-secret"u8.ToArray()), request["Authorization"]);
    }
}
