using MetricsServer.Discovery;
using MetricsServer.Scraper;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Owns the discovery → scrape pipeline's lifetime inside the host: applies the initial config, pumps target
/// updates into the scrape manager, and on shutdown stops discovery and every scrape loop, awaiting them.
/// </summary>
public sealed class ScrapeService : IHostedService, IDisposable
{
    private readonly ConfigReloader _reloader;
    private readonly DiscoveryManager _discovery;
    private readonly ScrapeManager _scrape;
    private readonly ReadinessState _readiness;
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;

    public ScrapeService(ConfigReloader reloader, DiscoveryManager discovery, ScrapeManager scrape, ReadinessState readiness)
    {
        _reloader = reloader;
        _discovery = discovery;
        _scrape = scrape;
        _readiness = readiness;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
    }

    public void Dispose() => _stop.Dispose();
}
