using System.Net;
using System.Text;
using System.Text.Json;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

public sealed class TsdbStatusApiTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private TestServer Server => fixture.Server;

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("2", 2)]
    [InlineData("10000", 10000)]
    public async Task StatusTsdb_MatchesStatisticsComputedFromTheSeriesApi(string? limit, int expectedLimit)
    {
        var (seriesStatus, seriesJson) = await GetAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("{job=\"app\"}"));
        Assert.Equal(HttpStatusCode.OK, seriesStatus);
        var series = seriesJson.GetProperty("data").EnumerateArray()
            .Select(s => s.EnumerateObject().Select(p => (p.Name, Value: p.Value.GetString()!)).ToList()).ToList();
        Assert.NotEmpty(series);

        var (status, json) = await GetAsync("/api/v1/status/tsdb" + (limit is null ? "" : "?limit=" + limit));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        Assert.Equal(["headStats", "seriesCountByMetricName", "labelValueCountByLabelName", "memoryInBytesByLabelName", "seriesCountByLabelValuePair"],
            data.EnumerateObject().Select(p => p.Name));
        var head = data.GetProperty("headStats");
        Assert.Equal(["numSeries", "numLabelPairs", "chunkCount", "minTime", "maxTime"], head.EnumerateObject().Select(p => p.Name));

        // The expected figures, computed naively from the series list (the fixture's target is the only one scraped).
        var pairs = series.SelectMany(s => s).GroupBy(p => p).ToDictionary(g => g.Key, g => (ulong)g.Count());
        Assert.Equal(series.Count, head.GetProperty("numSeries").GetInt64());
        Assert.Equal(pairs.Count, head.GetProperty("numLabelPairs").GetInt64());
        // Fewer than 120 scrapes so far: one open chunk per series.
        Assert.Equal(series.Count, head.GetProperty("chunkCount").GetInt64());
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange(head.GetProperty("minTime").GetInt64(), now - 600_000, head.GetProperty("maxTime").GetInt64());
        Assert.InRange(head.GetProperty("maxTime").GetInt64(), now - 600_000, now);

        AssertRanking(expectedLimit, pairs.Where(p => p.Key.Name == "__name__").Select(p => (p.Key.Value, p.Value)), data.GetProperty("seriesCountByMetricName"));
        AssertRanking(expectedLimit, pairs.Keys.GroupBy(p => p.Name).Select(g => (g.Key, (ulong)g.Count())), data.GetProperty("labelValueCountByLabelName"));
        AssertRanking(expectedLimit, series.SelectMany(s => s).GroupBy(p => p.Name)
            .Select(g => (g.Key, (ulong)g.Sum(p => Encoding.UTF8.GetByteCount(p.Value)))), data.GetProperty("memoryInBytesByLabelName"));
        AssertRanking(expectedLimit, pairs.Select(p => (p.Key.Name + "=" + p.Key.Value, p.Value)), data.GetProperty("seriesCountByLabelValuePair"));
    }

    /// <summary>The ranking is the top entries by count, highest first; ties are ordered by name.</summary>
    private static void AssertRanking(int limit, IEnumerable<(string Name, ulong Count)> all, JsonElement actual)
    {
        var expected = all.OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).Take(limit)
            .Select(e => $"{e.Name}:{e.Count}").ToList();
        var got = actual.EnumerateArray().Select(e =>
        {
            Assert.Equal(["name", "value"], e.EnumerateObject().Select(p => p.Name));
            return $"{e.GetProperty("name").GetString()}:{e.GetProperty("value").GetUInt64()}";
        }).ToList();
        Assert.Equal(expected, got);
    }

    [Theory]
    [InlineData("0", "limit must be a positive number")]
    [InlineData("-3", "limit must be a positive number")]
    [InlineData("abc", "limit must be a positive number")]
    [InlineData("1.5", "limit must be a positive number")]
    [InlineData("10001", "limit must not exceed 10000")]
    public async Task StatusTsdb_BadLimit_IsBadData(string limit, string message)
    {
        var (status, json) = await GetAsync("/api/v1/status/tsdb?limit=" + Uri.EscapeDataString(limit));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", json.GetProperty("status").GetString());
        Assert.Equal("bad_data", json.GetProperty("errorType").GetString());
        Assert.Equal(message, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WalReplay_AfterStart_ReportsMinMaxCurrentOnly()
    {
        var (status, json) = await GetAsync("/api/v1/status/walreplay");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        // Prometheus's server sends exactly these three (its docs' "state" field is not in its responses).
        Assert.Equal(["min", "max", "current"], data.EnumerateObject().Select(p => p.Name));
        // A fresh data directory: one WAL segment, 0, replayed.
        Assert.Equal(0, data.GetProperty("min").GetInt32());
        Assert.Equal(0, data.GetProperty("max").GetInt32());
        Assert.Equal(0, data.GetProperty("current").GetInt32());
    }
}

public sealed class TsdbStatusEmptyHeadTests
{
    [Fact]
    public async Task StatusTsdb_EmptyHead_ReportsPrometheusBoundsAndEmptyRankings()
    {
        await using var server = await TestServer.StartAsync("scrape_configs: []\n");

        using var response = await server.Http.GetAsync("/api/v1/status/tsdb");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = json.GetProperty("data");
        var head = data.GetProperty("headStats");
        Assert.Equal(0, head.GetProperty("numSeries").GetInt64());
        Assert.Equal(0, head.GetProperty("numLabelPairs").GetInt64());
        Assert.Equal(0, head.GetProperty("chunkCount").GetInt64());
        // Prometheus's empty head: min time is the largest int64 and max time the smallest.
        Assert.Equal(long.MaxValue, head.GetProperty("minTime").GetInt64());
        Assert.Equal(long.MinValue, head.GetProperty("maxTime").GetInt64());
        foreach (var name in new[] { "seriesCountByMetricName", "labelValueCountByLabelName", "memoryInBytesByLabelName", "seriesCountByLabelValuePair" })
        {
            Assert.Equal(JsonValueKind.Array, data.GetProperty(name).ValueKind);
            Assert.Equal(0, data.GetProperty(name).GetArrayLength());
        }
    }
}
