using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MetricsServer.TestSupport;
using MetricsServer.Tsdb;

namespace MetricsServer.Web.Tests.Api;

/// <summary>The acceptance test: a snapshot taken through the HTTP admin API is a data directory Prometheus's promtool reads.</summary>
public sealed class AdminApiSnapshotPromtoolTests
{
    [Fact]
    public async Task Snapshot_ThroughTheApi_PromtoolAnalyzeAndDumpReportExactlyTheIngestedSeriesAndSamples()
    {
        const int seriesCount = 7;
        const int samples = 200;
        await using var server = await AdminApiTests.StartReadyAsync("--web.enable-admin-api");
        AdminApiTests.Ingest(server, "interop_metric", seriesCount, samples);

        using var response = await server.Http.PostAsync("/api/v1/admin/tsdb/snapshot", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("name").GetString()!;
        var snapshot = Path.Combine(server.Directory, "data", Db.SnapshotsDirectoryName, name);

        // analyze reads the newest block: here the one the head was written as.
        var analyze = Promtool.Run("tsdb", "analyze", snapshot);
        Assert.Contains($"\nSeries: {seriesCount}\n", analyze, StringComparison.Ordinal);
        Assert.Contains("\nLabel names: 2\n", analyze, StringComparison.Ordinal);
        Assert.Contains($"\nPostings (unique label pairs): {seriesCount + 1}\n", analyze, StringComparison.Ordinal);
        Assert.Contains($"\nPostings entries (total label pairs): {2 * seriesCount}\n", analyze, StringComparison.Ordinal);
        // 200 samples 15 s apart span 49m45s; the block's end is one past the last sample.
        Assert.Contains("\nDuration: 49m45.001s\n", analyze, StringComparison.Ordinal);
        Assert.Contains($"Most common label pairs:\n{seriesCount} __name__=interop_metric\n", analyze, StringComparison.Ordinal);

        var dump = Promtool.Dump(snapshot);
        Assert.Equal(seriesCount, dump.Count);
        for (var i = 0; i < seriesCount; i++)
        {
            var expected = Enumerable.Range(0, samples).Select(n => (1_700_000_000_000 + (n * 15_000L), (double)((i * 1000) + n))).ToList();
            Assert.Equal(expected, dump[$"{{__name__=\"interop_metric\", i=\"{i.ToString(CultureInfo.InvariantCulture)}\"}}"]);
        }
    }

    [Fact]
    public async Task Snapshot_AfterDeleteSeries_PromtoolDumpsOnlyWhatWasNotDeleted()
    {
        const long start = 1_700_000_000_000;
        await using var server = await AdminApiTests.StartReadyAsync("--web.enable-admin-api");
        AdminApiTests.Ingest(server, "interop_deleted", 3, 100);
        var from = ((start + (10 * 15_000)) / 1000.0).ToString(CultureInfo.InvariantCulture);
        var to = ((start + (19 * 15_000)) / 1000.0).ToString(CultureInfo.InvariantCulture);

        using (var deleteAll = await server.Http.PostAsync("/api/v1/admin/tsdb/delete_series?match[]=interop_deleted{i=\"0\"}", null))
            Assert.Equal(HttpStatusCode.NoContent, deleteAll.StatusCode);
        using (var deleteRange = await server.Http.PostAsync($"/api/v1/admin/tsdb/delete_series?match[]=interop_deleted{{i=\"1\"}}&start={from}&end={to}", null))
            Assert.Equal(HttpStatusCode.NoContent, deleteRange.StatusCode);
        using var response = await server.Http.PostAsync("/api/v1/admin/tsdb/snapshot", null);
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("name").GetString()!;

        var dump = Promtool.Dump(Path.Combine(server.Directory, "data", Db.SnapshotsDirectoryName, name));

        Assert.Equal(["{__name__=\"interop_deleted\", i=\"1\"}", "{__name__=\"interop_deleted\", i=\"2\"}"], dump.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 100).Where(n => n is < 10 or > 19).Select(n => (start + (n * 15_000L), 1000.0 + n)), dump["{__name__=\"interop_deleted\", i=\"1\"}"]);
        Assert.Equal(100, dump["{__name__=\"interop_deleted\", i=\"2\"}"].Count);
    }
}
