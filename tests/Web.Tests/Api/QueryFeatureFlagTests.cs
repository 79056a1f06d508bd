using System.Text.Json;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

/// <summary>PromQL feature flags from <c>--enable-feature</c> reach the engine that serves the query API.</summary>
public sealed class QueryFeatureFlagTests
{
    private const string NoScrapes = "global:\n  scrape_interval: 1h\nscrape_configs: []\n";

    [Theory]
    [InlineData(true, "m")]
    [InlineData(false, null)]
    public async Task DelayedNameRemoval_LetsLabelReplaceSeeTheName(bool enabled, string? expected)
    {
        await using var server = enabled
            ? await TestServer.StartAsync(NoScrapes, "--enable-feature=promql-delayed-name-removal")
            : await TestServer.StartAsync(NoScrapes);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var app = server.Db.Appender();
        var r = SeriesRef.None;
        app.Append(ref r, LabelSet.FromStrings("__name__", "m", "a", "1"), now, 1);
        app.Commit();

        var query = Uri.EscapeDataString("label_replace(-m, \"copy\", \"$1\", \"__name__\", \"(.+)\")");
        using var response = await server.Http.GetAsync($"/api/v1/query?query={query}&time={now / 1000.0:F3}");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var metric = Assert.Single(json.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("metric");
        Assert.False(metric.TryGetProperty("__name__", out _));
        Assert.Equal(expected, metric.TryGetProperty("copy", out var copy) ? copy.GetString() : null);
    }
}
