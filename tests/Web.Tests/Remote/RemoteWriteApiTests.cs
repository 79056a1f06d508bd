using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MetricsServer.Model.Labels;
using MetricsServer.Remote;
using MetricsServer.Web.Api;
using MetricsServer.Remote.Protocol;
using MetricsServer.Web.Tests.Hosting;
using Label = MetricsServer.Remote.Protocol.Label;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>The receiver through the real host: the flag, the status codes and what reaches the storage.</summary>
public sealed class RemoteWriteApiTests
{
    private static ByteArrayContent Body(long timestampMs, double value, string contentType = "application/x-protobuf")
    {
        var request = new WriteRequest
        {
            Timeseries = { new TimeSeries { Labels = { new Label { Name = "__name__", Value = "pushed" } }, Samples = { new Sample { Timestamp = timestampMs, Value = value } } } },
        };
        var content = new ByteArrayContent(SnappyBody.Compress(request.ToByteArray()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add("snappy");
        content.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return content;
    }

    [Fact]
    public async Task Write_WithoutTheFlag_Answers404AsPrometheus()
    {
        await using var server = await TestServer.StartAsync("global: {}\n");
        using var response = await server.Http.PostAsync("/api/v1/write", Body(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(RemoteWriteApi.DisabledMessage + "\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.Select(Matcher.Equal("__name__", "pushed")));
    }

    [Fact]
    public async Task Write_WithTheFlag_Stores_ThenRefusesAnOlderSampleWith400()
    {
        await using var server = await TestServer.StartAsync("global: {}\n", "--web.enable-remote-write-receiver");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var ok = await server.Http.PostAsync("/api/v1/write", Body(now, 1));
        using var old = await server.Http.PostAsync("/api/v1/write", Body(now - 60_000, 2));
        using var garbage = await server.Http.PostAsync("/api/v1/write", new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains("out of order sample", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var series = Assert.Single(server.Select(Matcher.Equal("__name__", "pushed")));
        Assert.Equal([(now, 1.0)], series.Samples);
    }
}
