using System.Globalization;
using System.Net;
using System.Text.Json;
using MetricsServer.Model.Labels;

namespace MetricsServer.Web.Tests.Hosting;

/// <summary>What the server answers while its WAL replays, held at a barrier the test releases: no timing involved.</summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ms-ready-").FullName;

    [Fact]
    public async Task DuringReplay_ReadyAndApiAre503_HealthyAndWalReplayAnswer_ThenAllServeAfterReplay()
    {
        var data = Path.Combine(_dir, "data");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var labels = LabelSet.FromStrings("__name__", "replayed_metric", "job", "before");
        TestDataDirectory.WriteInSeparateRuns(data, labels, (now - 3000, 1), (now - 2000, 2), (now - 1000, 3));
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var server = await TestServer.StartOnAsync("scrape_configs: []\n", data, barrier.Task);
        var http = server.Http;
        var time = (now / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        var query = $"/api/v1/query?query=replayed_metric%5B1h%5D&time={time}";

        using (var ready = await http.GetAsync("/-/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Service Unavailable", await ready.Content.ReadAsStringAsync());
            Assert.Equal("false", Assert.Single(ready.Headers.GetValues("X-Prometheus-Stopping")));
        }
        foreach (var path in new[] { query, "/api/v1/query_range?query=up&start=0&end=1&step=1", "/api/v1/series?match[]=up", "/api/v1/labels",
                     "/api/v1/status/tsdb", "/api/v1/status/config", "/api/v1/targets" })
        {
            using var gated = await http.GetAsync(path);
            Assert.True(gated.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path} answered {gated.StatusCode} before ready");
            Assert.Equal("Service Unavailable", await gated.Content.ReadAsStringAsync());
        }
        using (var healthy = await http.GetAsync("/-/healthy")) Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        // Waiting for the replay to start: Prometheus's zero values.
        Assert.Equal((0, 0, 0), await WalReplayAsync(server));

        barrier.SetResult();
        await server.WaitUntilReadyAsync();

        // Done: the three segments the earlier runs left, 0 to 2, all read.
        Assert.Equal((0, 2, 2), await WalReplayAsync(server));
        using (var ready = await http.GetAsync("/-/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var answer = await http.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var result = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("result");
        var values = Assert.Single(result.EnumerateArray()).GetProperty("values").EnumerateArray().Select(v => v[1].GetString()).ToList();
        Assert.Equal(["1", "2", "3"], values);
    }

    [Fact]
    public async Task WhenStopping_ReadyAndApiSay503WithStoppingHeaderTrue()
    {
        await using var server = await TestServer.StartAsync("scrape_configs: []\n");

        server.Readiness.MarkStopping();

        using var ready = await server.Http.GetAsync("/-/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("true", Assert.Single(ready.Headers.GetValues("X-Prometheus-Stopping")));
        using var query = await server.Http.GetAsync("/api/v1/query?query=1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, query.StatusCode);
        Assert.Equal("true", Assert.Single(query.Headers.GetValues("X-Prometheus-Stopping")));
        using var replay = await server.Http.GetAsync("/api/v1/status/walreplay");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
    }

    private static async Task<(int Min, int Max, int Current)> WalReplayAsync(TestServer server)
    {
        using var response = await server.Http.GetAsync("/api/v1/status/walreplay");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        return (data.GetProperty("min").GetInt32(), data.GetProperty("max").GetInt32(), data.GetProperty("current").GetInt32());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
