using MetricsServer.Discovery;
using MetricsServer.Scraper;
using MetricsServer.Tsdb;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Owns the discovery → scrape → head pipeline's lifetime inside the host: applies the initial config, pumps target
/// updates into the scrape manager, keeps the head within retention, and on shutdown stops discovery, every scrape
/// loop and the retention task, awaiting them.
/// </summary>
public sealed class ScrapeService : IHostedService, IDisposable
{
    private readonly ConfigReloader _reloader;
    private readonly DiscoveryManager _discovery;
    private readonly ScrapeManager _scrape;
    private readonly ReadinessState _readiness;
    private readonly HeadRetention _retention;
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;

    public ScrapeService(ConfigReloader reloader, DiscoveryManager discovery, ScrapeManager scrape, ReadinessState readiness, HeadRetention retention)
    {
        _retention = retention;
        _reloader = reloader;
        _discovery = discovery;
        _scrape = scrape;
        _readiness = readiness;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _retention.Start();
        _pump = _scrape.RunAsync(_discovery.SyncChannel, _stop.Token);
        await _reloader.ApplyInitialAsync(cancellationToken);
        _readiness.MarkReady();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _readiness.MarkNotReady();
        await _stop.CancelAsync();
        await _discovery.StopAsync();
        if (_pump is not null)
        {
            try
            {
                await _pump;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _scrape.StopAsync();
        await _retention.StopAsync();
    }

    public void Dispose() => _stop.Dispose();
}
