using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.EndToEnd;

public sealed class MalformedTargetTests
{
    [Fact]
    public async Task OneBadLineAmongThousands_TargetDownWithLine_NothingStored_ServerRuns()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 5000; i++) body.Append("good_metric{i=\"").Append(i).Append("\"} ").Append(i).Append('\n');
        body.Append("bad_metric{a=\"b\"} not_a_number\n");
        for (var i = 0; i < 100; i++) body.Append("late_metric ").Append(i).Append('\n');
        await using var target = new ScrapeTarget(body.ToString());
        await using var server = await TestServer.StartAsync($$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: broken
                static_configs:
                  - targets: ['{{target.Address}}']
            """);

        await server.WaitForTargetsAsync(t => t.Count == 1 && t[0].GetProperty("health").GetString() == "down", "target down");
        var error = (await server.ActiveTargetsAsync())[0].GetProperty("lastError").GetString();

        Assert.Contains("line 5001", error);
        Assert.Empty(server.Select(Matcher.Equal("__name__", "good_metric")));
        Assert.Empty(server.Select(Matcher.Equal("__name__", "late_metric")));
        Assert.Equal(0, server.Select(Matcher.Equal("__name__", "up"), Matcher.Equal("job", "broken")).Single().Samples[^1].V);
        Assert.True((await server.Http.GetAsync("/-/healthy")).IsSuccessStatusCode);

        // The same target, fixed, recovers without a restart.
        target.Body = "good_metric 1\n";
        await server.WaitForTargetsAsync(t => t[0].GetProperty("health").GetString() == "up", "target up after the fix");
        Assert.Single(server.Select(Matcher.Equal("__name__", "good_metric")));
    }
}
