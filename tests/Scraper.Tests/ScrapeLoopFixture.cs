using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Scraper.Http;
using MetricsServer.Scraper.Parsing;
using MetricsServer.Scraper.Targets;
using MetricsServer.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Scraper.Tests;

/// <summary>A scrape loop against an in-process target, recording what it appends.</summary>
internal sealed class ScrapeLoopFixture : IAsyncDisposable
{
    public ScrapeLoopFixture(string body, Action<ScrapeConfig>? configure = null, TimeProvider? clock = null, TimeSpan timestampTolerance = default)
    {
        Target = new ScrapeTarget(body);
        Config = new ScrapeConfig
        {
            JobName = "test",
            ScrapeInterval = TimeSpan.FromSeconds(15),
            ScrapeTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(Config);
        Metrics = new ScrapeMetrics(Prometheus.Metrics.NewCustomRegistry());
        var built = new TargetBuilder(Config, RelabelRules.Compile(Config.RelabelConfigs))
            .Build(LabelSet.FromStrings(LabelNames.Address, Target.Address), LabelSet.Empty);
        ScrapedTarget = built.Target ?? throw new InvalidOperationException(built.Error ?? "dropped");
        Client = ScrapeHttpClientFactory.Create(Config);
        var protocols = Config.ScrapeProtocols.Count > 0 ? Config.ScrapeProtocols : ConfigLoader.DefaultScrapeProtocols;
        Loop = new ScrapeLoop(ScrapedTarget, ScrapeLoopOptions.From(Config, ExpositionFormat.AcceptHeader(protocols)) with { TimestampTolerance = timestampTolerance }, Client, Storage,
            Metrics, clock ?? TimeProvider.System, NullLogger.Instance);
    }

    public ScrapeTarget Target { get; }
    public ScrapeConfig Config { get; }
    public ScrapeMetrics Metrics { get; }
    public Target ScrapedTarget { get; }
    public HttpClient Client { get; }
    public RecordingAppendable Storage { get; } = new();
    public ScrapeLoop Loop { get; }

    public Task<ScrapeResult> ScrapeAsync(long timestampMs) =>
        Loop.ScrapeAndAppendAsync(DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), CancellationToken.None);

    /// <summary>The committed samples of the series named <paramref name="name"/> (any labels).</summary>
    public IReadOnlyList<(LabelSet Labels, IReadOnlyList<(long T, double V)> Samples)> Series(string name) =>
        Storage.Find(l => l.MetricName == name);

    public double Last(string name) => Series(name).Single().Samples[^1].V;

    public async ValueTask DisposeAsync()
    {
        await Loop.DisposeAsync();
        Client.Dispose();
        await Target.DisposeAsync();
    }
}
