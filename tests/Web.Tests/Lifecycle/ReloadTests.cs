using System.Diagnostics;
using System.Net;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Lifecycle;

public sealed class ReloadTests
{
    private const string GoodConfig = """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['{self}']
        """;

    [Fact]
    public async Task Reload_BadConfig_KeepsOldConfigAndReportsFailure()
    {
        await using var server = await TestServer.StartAsync(GoodConfig, "--web.enable-lifecycle");
        await server.WaitForTargetsAsync(t => t.Count == 1, "the self target");

        await File.WriteAllTextAsync(server.ConfigFile, "scrape_configs:\n  - job_name: a\n    bogus_field: 1\n");
        using var failed = await server.Http.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("bogus_field", await failed.Content.ReadAsStringAsync());
        Assert.Contains("prometheus_config_last_reload_successful 0", await server.Http.GetStringAsync("/metrics"));
        var targets = await server.ActiveTargetsAsync();
        Assert.Equal("self", Assert.Single(targets).GetProperty("scrapePool").GetString());
        var config = await server.GetJsonAsync("/api/v1/status/config");
        Assert.Contains("job_name: self", config.GetProperty("data").GetProperty("yaml").GetString());

        await File.WriteAllTextAsync(server.ConfigFile, GoodConfig.Replace("{self}", server.Address, StringComparison.Ordinal).Replace("job_name: self", "job_name: renamed", StringComparison.Ordinal));
        using var ok = await server.Http.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("prometheus_config_last_reload_successful 1", await server.Http.GetStringAsync("/metrics"));
        await server.WaitForTargetsAsync(t => t.Count == 1 && t[0].GetProperty("scrapePool").GetString() == "renamed", "the renamed job");
    }

    [Fact]
    public async Task Reload_WithoutLifecycleFlag_IsForbidden()
    {
        await using var server = await TestServer.StartAsync(GoodConfig);
        using var response = await server.Http.PostAsync("/-/reload", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Lifecycle API is not enabled.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sighup_ReloadsConfigFile()
    {
        var dir = Directory.CreateTempSubdirectory("ms-sighup-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, GoodConfig.Replace("{self}", $"127.0.0.1:{port}", StringComparison.Ordinal));
        using var process = ServerProcess.Start(dir, $"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.path=data", "--scrape.discovery-reload-interval=100ms");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.TrueAsync(async () => await TryGetAsync(http, "/api/v1/targets") is { } s && s.Contains("\"scrapePool\":\"self\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "the self target");

            await File.WriteAllTextAsync(config, GoodConfig.Replace("{self}", $"127.0.0.1:{port}", StringComparison.Ordinal).Replace("job_name: self", "job_name: after_hup", StringComparison.Ordinal));
            using (var kill = Process.Start("kill", ["-HUP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();

            await Eventually.TrueAsync(async () => await TryGetAsync(http, "/api/v1/targets") is { } s && s.Contains("\"scrapePool\":\"after_hup\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "the job renamed by the SIGHUP reload");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetStringAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
