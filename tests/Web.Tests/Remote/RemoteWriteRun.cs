using System.Globalization;
using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.TestSupport;
using MetricsServer.Web.Tests.Hosting;

namespace MetricsServer.Web.Tests.Remote;

/// <summary>
/// Our server scraping an in-process target every 200 ms and remote-writing everything it stores to one receiver:
/// the rig of the remote-write acceptance tests, with the reads that compare what each side holds.
/// </summary>
internal sealed class RemoteWriteRun : IAsyncDisposable
{
    /// <summary>The <c>job</c> label of everything scraped; the compared selector.</summary>
    public const string Selector = "{job=\"app\"}";

    private RemoteWriteRun(ScrapeTarget target, TestServer server)
    {
        Target = target;
        Server = server;
    }

    public ScrapeTarget Target { get; }

    public TestServer Server { get; }

    /// <summary>
    /// Starts a target exposing <paramref name="series"/> series and our server writing to <paramref name="writeUrl"/>
    /// with <paramref name="queueConfig"/> (a YAML flow mapping).
    /// </summary>
    public static async Task<RemoteWriteRun> StartAsync(string writeUrl, int series, string queueConfig)
    {
        var target = new ScrapeTarget(Body(series));
        try
        {
            var server = await TestServer.StartAsync($$"""
                global:
                  scrape_interval: 200ms
                  scrape_timeout: 150ms
                scrape_configs:
                  - job_name: app
                    static_configs: [{ targets: ["{{target.Address}}"] }]
                remote_write:
                  - url: {{writeUrl}}
                    name: peer
                    queue_config: {{queueConfig}}
                """);
            return new RemoteWriteRun(target, server);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>A body of <c>app_requests_total</c> counters and one gauge; the values differ per series.</summary>
    private static string Body(int series)
    {
        var body = new StringBuilder("# TYPE app_requests_total counter\n");
        for (var i = 0; i < series; i++) body.Append(CultureInfo.InvariantCulture, $"app_requests_total{{path=\"/p{i}\"}} {i * 7 + 0.25}\n");
        body.Append("# TYPE app_temp gauge\napp_temp 21.5\n");
        return body.ToString();
    }

    /// <summary>Timestamps of our stored <c>up</c> samples, oldest first.</summary>
    public List<long> UpTimestamps() =>
        [.. Server.Select(Matcher.Equal("__name__", "up")).SelectMany(s => s.Samples).Select(s => s.T).Order()];

    /// <summary>Waits until at least <paramref name="count"/> scrapes are stored.</summary>
    public Task WaitForScrapesAsync(int count, string what) =>
        Eventually.TrueAsync(() => UpTimestamps().Count >= count, TimeSpan.FromSeconds(15), what);

    /// <summary>
    /// A cut-off that every scrape at or before it has committed: the timestamp of the scrape before the newest one
    /// stored (a target's scrapes run one after the other, and each commits all its samples at once).
    /// </summary>
    public long SettledCutoffMs()
    {
        var ups = UpTimestamps();
        Assert.True(ups.Count >= 2, "need two scrapes stored");
        return ups[^2];
    }

    /// <summary>Our samples of every scraped series in (<paramref name="fromMs"/>, <paramref name="toMs"/>], through our query API.</summary>
    public Task<List<string>> OurSamplesAsync(long fromMs, long toMs) => ReceiverPeer.RawSamplesAsync(Server.Http, Selector, fromMs, toMs);

    /// <summary>
    /// Polls <paramref name="peer"/> until it holds exactly <paramref name="expected"/> in the same window, failing
    /// after the bound with the difference.
    /// </summary>
    public static async Task AssertPeerHoldsAsync(ReceiverPeer peer, List<string> expected, long fromMs, long toMs, TimeSpan timeout)
    {
        List<string> actual = [];
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                actual = await ReceiverPeer.RawSamplesAsync(peer.Http, Selector, fromMs, toMs);
                return actual.SequenceEqual(expected);
            }, timeout, "the receiver to hold every sample we stored");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var missing = expected.Except(actual).Take(5);
            var extra = actual.Except(expected).Take(5);
            throw new Xunit.Sdk.XunitException($"{e.Message}: we hold {expected.Count} samples, the peer {actual.Count}; " +
                $"missing e.g. [{string.Join("; ", missing)}], extra e.g. [{string.Join("; ", extra)}]");
        }
    }

    /// <summary>One sample of our queue's metric family from our <c>/metrics</c>, e.g. <c>samples_pending</c>.</summary>
    public async Task<double> QueueMetricAsync(string name)
    {
        var text = await Server.Http.GetStringAsync("/metrics");
        var prefix = "prometheus_remote_storage_" + name + "{";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains("remote_name=\"peer\"", StringComparison.Ordinal))
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        throw new Xunit.Sdk.XunitException($"no {prefix}remote_name=\"peer\"...}} in /metrics");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Target.DisposeAsync();
    }
}
