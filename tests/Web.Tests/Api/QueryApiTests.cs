using System.Net;
using System.Text.Json;
using MetricsServer.Web.Api;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Api;

public sealed class QueryApiTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private TestServer Server => fixture.Server;

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Query_GrafanaSaveAndTest_OnePlusOneAtTime4()
    {
        var (status, json) = await GetAsync("/api/v1/query?query=1%2B1&time=4");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("scalar", json.GetProperty("data").GetProperty("resultType").GetString());
        Assert.Equal("[4,\"2\"]", json.GetProperty("data").GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Query_ScrapedSeries_ReturnsVectorWithStringValues()
    {
        var (status, json) = await GetAsync("/api/v1/query?query=" + Uri.EscapeDataString("app_requests_total{code=\"200\"}"));

        Assert.Equal(HttpStatusCode.OK, status);
        var result = json.GetProperty("data").GetProperty("result");
        var sample = Assert.Single(result.EnumerateArray());
        Assert.Equal("app", sample.GetProperty("metric").GetProperty("job").GetString());
        Assert.Equal("5", sample.GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task QueryPost_FormEncoded_Works()
    {
        using var body = new FormUrlEncodedContent([new("query", "sum(app_requests_total)")]);
        using var response = await Server.Http.PostAsync("/api/v1/query", body);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("6", json.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task QueryRange_ReturnsMatrixWithOnePointPerStep()
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (status, json) = await GetAsync($"/api/v1/query_range?query=vector(1)&start={end - 2}&end={end}&step=1s");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("matrix", json.GetProperty("data").GetProperty("resultType").GetString());
        var values = json.GetProperty("data").GetProperty("result")[0].GetProperty("values");
        Assert.Equal(3, values.GetArrayLength());
        Assert.Equal(end - 2, values[0][0].GetInt64());
        Assert.Equal("1", values[2][1].GetString());
    }

    [Theory]
    [InlineData("/api/v1/query?query=sum(", HttpStatusCode.BadRequest, "bad_data", "invalid parameter \"query\": 1:5: parse error")]
    [InlineData("/api/v1/query?query=up&time=nope", HttpStatusCode.BadRequest, "bad_data", "invalid parameter \"time\"")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=100000&step=1", HttpStatusCode.BadRequest, "bad_data", "exceeded maximum resolution of 11,000 points")]
    [InlineData("/api/v1/query_range?query=up&start=0&end=10&step=0", HttpStatusCode.BadRequest, "bad_data", "zero or negative query resolution step")]
    [InlineData("/api/v1/query_range?query=up&start=10&end=0&step=1", HttpStatusCode.BadRequest, "bad_data", "end timestamp must not be before start time")]
    [InlineData("/api/v1/query?query=a%20%2B%20on(x)%20b", HttpStatusCode.OK, null, null)]
    public async Task BadRequests_GetPrometheusErrors(string path, HttpStatusCode expected, string? errorType, string? message)
    {
        var (status, json) = await GetAsync(path);

        Assert.Equal(expected, status);
        if (errorType is null) return;
        Assert.Equal(errorType, json.GetProperty("errorType").GetString());
        Assert.Contains(message!, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task FormatQuery_PrintsCanonicalForm()
    {
        var (_, json) = await GetAsync("/api/v1/format_query?query=" + Uri.EscapeDataString("sum(rate(x[5m]))by(job)"));

        Assert.Equal("sum by (job) (rate(x[5m]))", json.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(-2.5e25, "-25000000000000000000000000")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatValue_LikeGosShortestFixedPoint(double value, string expected) => Assert.Equal(expected, PromJson.FormatValue(value));

    [Theory]
    [InlineData(4000, "4")]
    [InlineData(1435781451781, "1435781451.781")]
    [InlineData(1500, "1.5")]
    [InlineData(-500, "-0.5")]
    [InlineData(-1500, "-1.5")]
    public void FormatTimestamp_SecondsWithMillisecondDecimals(long ms, string expected) => Assert.Equal(expected, PromJson.FormatTimestamp(ms));
}
