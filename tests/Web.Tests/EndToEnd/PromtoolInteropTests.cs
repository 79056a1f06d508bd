using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MetricsServer.Model.Labels;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.EndToEnd;

/// <summary>Blocks Prometheus's own tool wrote are served by our server: every sample comes back, by the storage seam and the API.</summary>
public sealed class PromtoolInteropTests : IDisposable
{
    private const int SeriesCount = 3;
    private const long StepMs = 15_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("ms-promtool-").FullName;

    [Fact]
    public async Task BlocksFromPromtoolOpenMetrics_ServeEverySample()
    {
        // Three hours of samples ending an hour ago: promtool cuts them into its 2h-aligned blocks, so there are two or three.
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - 3_600_000;
        var start = end - 3 * 3_600_000;
        var expected = new Dictionary<string, List<(long T, double V)>>();
        var text = new StringBuilder("# HELP interop_gauge Written by the test.\n# TYPE interop_gauge gauge\n");
        for (var s = 0; s < SeriesCount; s++)
        {
            var samples = expected[s.ToString(CultureInfo.InvariantCulture)] = [];
            for (var t = start; t <= end; t += StepMs)
            {
                // Values that exercise the XOR encoding: fractions, a negative, a large magnitude.
                var v = s switch { 0 => (t - start) / StepMs * 0.25, 1 => -1.5 * ((t / StepMs) % 7), _ => 1e12 + (t - start) / StepMs };
                samples.Add((t, v));
                text.Append(CultureInfo.InvariantCulture, $"interop_gauge{{series=\"{s}\"}} {v.ToString("R", CultureInfo.InvariantCulture)} {(t / 1000.0).ToString("0.000", CultureInfo.InvariantCulture)}\n");
            }
        }
        text.Append("# EOF\n");
        var input = Path.Combine(_dir, "input.om");
        await File.WriteAllTextAsync(input, text.ToString());
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);

        Promtool.Run("tsdb", "create-blocks-from", "openmetrics", input, data);
        Assert.True(Directory.EnumerateDirectories(data).Count() >= 2, "promtool wrote fewer blocks than the 2h ranges the data spans");

        await using var server = await TestServer.StartOnAsync("scrape_configs: []\n", data, replayBarrier: null);
        await server.WaitUntilReadyAsync();

        // The storage seam: every sample, exactly.
        var stored = server.Select(Matcher.Equal("__name__", "interop_gauge"));
        Assert.Equal(SeriesCount, stored.Count);
        foreach (var (labels, samples) in stored)
        {
            Assert.Equal(expected[labels.Get("series")], samples);
        }

        // The query API: a range selector returns the raw samples.
        var time = (end / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        using var response = await server.Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString("interop_gauge[4h]")}&time={time}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("result");
        Assert.Equal(SeriesCount, result.GetArrayLength());
        foreach (var series in result.EnumerateArray())
        {
            var want = expected[series.GetProperty("metric").GetProperty("series").GetString()!];
            var got = series.GetProperty("values").EnumerateArray()
                .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture))).ToList();
            Assert.Equal(want, got);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
