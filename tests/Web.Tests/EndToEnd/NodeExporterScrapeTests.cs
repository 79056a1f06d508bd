using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Scraper.Parsing;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>The foundation end to end: our server scrapes the real node_exporter and itself.</summary>
public sealed class NodeExporterScrapeTests
{
    private const string Config = """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ['{node}']
          - job_name: self
            static_configs:
              - targets: ['{self}']
        """;

    [Fact]
    public async Task ScrapesNodeExporterAndItself_ThenMarksNodeStaleWhenItStops()
    {
        using var node = new NodeExporterPeer();
        await node.WaitUntilServingAsync();
        await using var server = await TestServer.StartAsync(Config.Replace("{node}", node.Address, StringComparison.Ordinal));

        await server.WaitForTargetsAsync(t => t.Count == 2 && t.All(x => x.GetProperty("health").GetString() == "up"), "both targets up");
        // Two more scrapes, so that what node_exporter exposes now has been scraped at least once.
        await Task.Delay(2500);
        var exposed = await ExposedSeriesAsync(node.Address);

        var stored = server.Select(Matcher.Equal("job", "node")).Select(s => s.Labels).ToHashSet();
        var missing = exposed.Where(e => !stored.Contains(e.ToBuilder().Set("job", "node").Set("instance", node.Address).ToLabelSet())).ToList();
        // node_exporter's own scrape-duration series can come and go between its scrapes; everything else must be there.
        missing.RemoveAll(l => l.MetricName.StartsWith("node_scrape_collector", StringComparison.Ordinal) || l.MetricName.StartsWith("promhttp_", StringComparison.Ordinal) || l.MetricName.StartsWith("go_", StringComparison.Ordinal) || l.MetricName.StartsWith("process_", StringComparison.Ordinal));
        Assert.True(missing.Count == 0, "missing from the head: " + string.Join(", ", missing.Take(10)));
        Assert.True(exposed.Count > 100, $"node_exporter exposed only {exposed.Count} series");
        foreach (var synthetic in new[] { "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added" })
        {
            Assert.Single(server.Select(Matcher.Equal("__name__", synthetic), Matcher.Equal("job", "node")));
        }
        var up = server.Select(Matcher.Equal("__name__", "up"), Matcher.Equal("job", "node")).Single();
        Assert.Equal(1, up.Samples[^1].V);
        Assert.NotEmpty(server.Select(Matcher.Equal("__name__", "prometheus_tsdb_head_series"), Matcher.Equal("job", "self")));

        node.Stop();
        await server.WaitForTargetsAsync(t => t.Any(x => x.GetProperty("labels").GetProperty("job").GetString() == "node"
                                                  && x.GetProperty("health").GetString() == "down"
                                                  && x.GetProperty("lastError").GetString()!.Length > 0), "node target down with an error");
        var load = server.Select(Matcher.Equal("__name__", "node_load1"), Matcher.Equal("job", "node")).Single();
        Assert.True(StaleMarker.IsStale(load.Samples[^1].V), "node_load1 should end with a staleness marker");
        Assert.Equal(0, server.Select(Matcher.Equal("__name__", "up"), Matcher.Equal("job", "node")).Single().Samples[^1].V);
    }

    /// <summary>What node_exporter exposes right now, parsed with our own parser.</summary>
    private static async Task<List<LabelSet>> ExposedSeriesAsync(string address)
    {
        using var http = new HttpClient();
        var body = Encoding.UTF8.GetBytes(await http.GetStringAsync($"http://{address}/metrics"));
        var parser = new PrometheusTextParser();
        parser.Reset(body);
        var result = new List<LabelSet>();
        var b = new LabelSetBuilder();
        while (parser.Next() is var kind && kind != EntryKind.EndOfInput)
        {
            if (kind != EntryKind.Series) continue;
            parser.Labels(b);
            result.Add(b.ToLabelSet());
        }
        return result;
    }
}
