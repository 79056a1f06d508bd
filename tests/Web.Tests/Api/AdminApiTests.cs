using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.TestSupport;
using MetricsServer.Tsdb;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

/// <summary>A server started with <c>--web.enable-admin-api</c> and nothing to scrape; tests write their own series.</summary>
public sealed class AdminServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AdminApiTests.StartReadyAsync("--web.enable-admin-api");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed partial class AdminApiTests(AdminServerFixture fixture) : IClassFixture<AdminServerFixture>
{
    private const long Start = 1_700_000_000_000;
    private const long Step = 15_000;

    private TestServer Server => fixture.Server;

    internal static async Task<TestServer> StartReadyAsync(params string[] flags)
    {
        var server = await TestServer.StartAsync("global:\n  scrape_interval: 1h\n", flags);
        await Eventually.TrueAsync(async () =>
        {
            using var r = await server.Http.GetAsync("/-/ready");
            return r.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the server to be ready (WAL replayed)");
        return server;
    }

    /// <summary>Writes <paramref name="seriesCount"/> series of <paramref name="metric"/> with <paramref name="samples"/> samples each, value = series*1000 + n.</summary>
    internal static void Ingest(TestServer server, string metric, int seriesCount, int samples)
    {
        var refs = new SeriesRef[seriesCount];
        for (var n = 0; n < samples; n++)
        {
            var app = server.Head.Appender();
            for (var i = 0; i < seriesCount; i++)
            {
                var labels = LabelSet.FromStrings("__name__", metric, "i", i.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(AppendResult.Ok, app.Append(ref refs[i], labels, Start + (n * Step), (i * 1000) + n));
            }
            app.Commit();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement? Body)> SendAsync(TestServer server, HttpMethod method, string path, params (string, string)[] form)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))) };
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<int> SeriesCountAsync(string metric)
    {
        var json = await Server.GetJsonAsync("/api/v1/series?match[]=" + metric);
        return json.GetProperty("data").GetArrayLength();
    }

    /// <summary>The raw samples' values of one series over the 10 minutes up to <paramref name="at"/>, through an instant query of a range selector.</summary>
    private async Task<List<double>> RawValuesAsync(string selector, long at)
    {
        var url = FormattableString.Invariant($"/api/v1/query?query={Uri.EscapeDataString(selector + "[10m]")}&time={at / 1000.0}");
        var json = await Server.GetJsonAsync(url);
        Assert.Equal("success", json.GetProperty("status").GetString());
        var result = json.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? [] : [.. result[0].GetProperty("values").EnumerateArray().Select(v => double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture))];
    }

    private static void AssertError(HttpStatusCode expectedStatus, string errorType, string error, (HttpStatusCode Status, JsonElement? Body) response)
    {
        Assert.Equal(expectedStatus, response.Status);
        var body = Assert.NotNull(response.Body);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(errorType, body.GetProperty("errorType").GetString());
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task DeleteSeries_MatchingSeries_Answers204AndTheSeriesAreGone(string method)
    {
        var metric = "deleted_" + method.ToLowerInvariant();
        Ingest(Server, metric, 3, 10);
        Assert.Equal(3, await SeriesCountAsync(metric));

        var response = await SendAsync(Server, new HttpMethod(method), "/api/v1/admin/tsdb/delete_series", ("match[]", metric + "{i=\"1\"}"), ("match[]", metric + "{i=\"2\"}"));

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Null(response.Body);
        Assert.Equal(1, await SeriesCountAsync(metric));
    }

    [Fact]
    public async Task DeleteSeries_WithStartAndEnd_DeletesOnlyThatRange()
    {
        Ingest(Server, "partly_deleted", 1, 10);
        var start = ((Start + (3 * Step)) / 1000.0).ToString(CultureInfo.InvariantCulture);
        var end = ((Start + (5 * Step)) / 1000.0).ToString(CultureInfo.InvariantCulture);

        var response = await SendAsync(Server, HttpMethod.Post, $"/api/v1/admin/tsdb/delete_series?match[]=partly_deleted&start={start}&end={end}");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal([0, 1, 2, 6, 7, 8, 9], await RawValuesAsync("partly_deleted", Start + (9 * Step)));
    }

    public static TheoryData<string, string, string> BadDeleteRequests => new()
    {
        { "", "", "no match[] parameter provided" },
        { "match[]=up{", "", "invalid parameter \"match[]\": " },
        { "match[]=up", "start=yesterday", "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp" },
        { "match[]=up", "end=soon", "invalid parameter \"end\": cannot parse \"soon\" to a valid timestamp" },
    };

    [Theory]
    [MemberData(nameof(BadDeleteRequests))]
    public async Task DeleteSeries_BadParameters_AnswerBadData(string match, string other, string errorPrefix)
    {
        var query = string.Join('&', new[] { match, other }.Where(s => s.Length > 0));

        var response = await SendAsync(Server, HttpMethod.Post, "/api/v1/admin/tsdb/delete_series?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var body = Assert.NotNull(response.Body);
        Assert.Equal("bad_data", body.GetProperty("errorType").GetString());
        Assert.StartsWith(errorPrefix, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CleanTombstones_Answers204()
    {
        var response = await SendAsync(Server, HttpMethod.Post, "/api/v1/admin/tsdb/clean_tombstones");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Null(response.Body);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task Snapshot_AnswersTheNameOfANewDirectoryUnderSnapshots(string method)
    {
        Ingest(Server, "snapshotted_" + method, 1, 5);

        var response = await SendAsync(Server, new HttpMethod(method), "/api/v1/admin/tsdb/snapshot");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var body = Assert.NotNull(response.Body);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var name = body.GetProperty("data").GetProperty("name").GetString()!;
        Assert.Matches(SnapshotName(), name);
        var dir = Path.Combine(Server.Directory, "data", Db.SnapshotsDirectoryName, name);
        Assert.NotEmpty(Directory.EnumerateDirectories(dir));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("T")]
    public async Task Snapshot_SkipHead_LeavesTheHeadOut(string skipHead)
    {
        Ingest(Server, "not_in_snapshot_" + skipHead, 1, 5);

        var response = await SendAsync(Server, HttpMethod.Post, "/api/v1/admin/tsdb/snapshot", ("skip_head", skipHead));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var name = response.Body!.Value.GetProperty("data").GetProperty("name").GetString()!;
        // Nothing was cut into a block yet, so without the head the snapshot is empty.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Server.Directory, "data", Db.SnapshotsDirectoryName, name)));
    }

    [Fact]
    public async Task Snapshot_BadSkipHead_AnswersBadData()
    {
        var response = await SendAsync(Server, HttpMethod.Post, "/api/v1/admin/tsdb/snapshot?skip_head=maybe");

        AssertError(HttpStatusCode.BadRequest, "bad_data", "unable to parse boolean 'skip_head' argument: strconv.ParseBool: parsing \"maybe\": invalid syntax", response);
    }

    [Theory]
    [InlineData("delete_series")]
    [InlineData("clean_tombstones")]
    [InlineData("snapshot")]
    public async Task AdminEndpoints_Get_IsNotAllowed(string endpoint)
    {
        using var response = await Server.Http.GetAsync("/api/v1/admin/tsdb/" + endpoint);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$")]
    private static partial Regex SnapshotName();
}

/// <summary>Without <c>--web.enable-admin-api</c> the admin API answers as Prometheus does and changes nothing.</summary>
public sealed class AdminApiDisabledTests
{
    [Fact]
    public async Task AdminEndpoints_WhenDisabled_AnswerUnavailable503AndChangeNothing()
    {
        await using var server = await AdminApiTests.StartReadyAsync();
        AdminApiTests.Ingest(server, "kept", 2, 5);

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put })
        {
            foreach (var endpoint in new[] { "delete_series?match[]=kept", "clean_tombstones", "snapshot" })
            {
                using var request = new HttpRequestMessage(method, "/api/v1/admin/tsdb/" + endpoint);
                using var response = await server.Http.SendAsync(request);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("error", body.GetProperty("status").GetString());
                Assert.Equal("unavailable", body.GetProperty("errorType").GetString());
                Assert.Equal("admin APIs disabled", body.GetProperty("error").GetString());
            }
        }
        var series = await server.GetJsonAsync("/api/v1/series?match[]=kept");
        Assert.Equal(2, series.GetProperty("data").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(server.Directory, "data", Db.SnapshotsDirectoryName)));
    }
}
