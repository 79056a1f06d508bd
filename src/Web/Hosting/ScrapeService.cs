using MetricsServer.Discovery;
using MetricsServer.Scraper;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Owns the discovery → scrape → storage pipeline's lifetime inside the host: once the storage has replayed its WAL,
/// applies the initial config, pumps target updates into the scrape manager and marks the server ready; on shutdown
/// stops discovery and every scrape loop, awaiting them.
/// </summary>
public sealed class ScrapeService : IHostedService, IDisposable
{
    private readonly ConfigReloader _reloader;
    private readonly DiscoveryManager _discovery;
    private readonly ScrapeManager _scrape;
    private readonly ReadinessState _readiness;
    private readonly StorageService _storage;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ScrapeService> _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _start;
    private Task? _pump;

    public ScrapeService(ConfigReloader reloader, DiscoveryManager discovery, ScrapeManager scrape, ReadinessState readiness,
        StorageService storage, IHostApplicationLifetime lifetime, ILogger<ScrapeService> logger)
    {
        _lifetime = lifetime;
        _reloader = reloader;
        _discovery = discovery;
        _scrape = scrape;
        _readiness = readiness;
        _storage = storage;
        _logger = logger;
    }

    /// <summary>Returns at once: scraping starts in the background when the storage accepts appends.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _start = StartWhenStorageReadyAsync(_stop.Token);
        return Task.CompletedTask;
    }

    private async Task StartWhenStorageReadyAsync(CancellationToken stop)
    {
        try
        {
            await _storage.Replayed.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (_storage.Failure is not null)
        {
            // StorageService logged it and is stopping the server.
            _logger.LogDebug(e, "Scraping not started: the storage failed");
            return;
        }
        _pump = _scrape.RunAsync(_discovery.SyncChannel, stop);
        try
        {
            await _reloader.ApplyInitialAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Start-up failed as a whole before the start became asynchronous; keep that: a server that cannot apply
            // its config never turns ready, so it stops instead of hanging unready.
            _logger.LogCritical(e, "Error applying the initial configuration");
            _lifetime.StopApplication();
            return;
        }
        _readiness.MarkReady();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _readiness.MarkStopping();
        await _stop.CancelAsync();
        if (_start is not null)
        {
            try
            {
                await _start;
            }
            catch (OperationCanceledException)
            {
            }
        }
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
