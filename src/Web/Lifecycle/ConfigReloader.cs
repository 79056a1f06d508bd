using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Remote.Read;
using MetricsServer.Remote.Write;
using MetricsServer.Scraper;

namespace MetricsServer.Web.Lifecycle;

/// <summary>
/// Loads the configuration and hands it to discovery and scraping; on reload (SIGHUP, <c>POST /-/reload</c>) a
/// config that fails to load or apply leaves the running one in place and sets
/// <c>prometheus_config_last_reload_successful</c> to 0. Reloads are serialised.
/// </summary>
public sealed class ConfigReloader : IDisposable
{
    private readonly string? _configFile;
    private readonly DiscoveryManager _discovery;
    private readonly ScrapeManager _scrape;
    private readonly ReloadMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConfigReloader> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Func<PrometheusConfig, CancellationToken, Task>> _appliers = [];
    private readonly RemoteWriteStorage? _remoteWrite;
    private readonly RemoteReadStorage? _remoteRead;

    public ConfigReloader(string? configFile, PrometheusConfig initial, DiscoveryManager discovery, ScrapeManager scrape,
        ReloadMetrics metrics, TimeProvider clock, ILogger<ConfigReloader> logger,
        RemoteWriteStorage? remoteWrite = null, RemoteReadStorage? remoteRead = null)
    {
        _remoteWrite = remoteWrite;
        _remoteRead = remoteRead;
        _configFile = configFile;
        Current = initial;
        _discovery = discovery;
        _scrape = scrape;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Adds a component that applies each config after discovery and scraping (the rule manager). Its
    /// <see cref="Rules.Loading.RuleFileException"/> fails the reload; at start-up any exception fails the start.
    /// </summary>
    public void AddApplier(Func<PrometheusConfig, CancellationToken, Task> apply) => _appliers.Add(apply);

    /// <summary>The config in force.</summary>
    public PrometheusConfig Current { get; private set; }

    public bool LastReloadSuccessful { get; private set; } = true;

    public DateTimeOffset LastReloadTime { get; private set; }

    /// <summary>Applies <see cref="Current"/> at start-up.</summary>
    public async Task ApplyInitialAsync(CancellationToken cancellationToken)
    {
        await ApplyAsync(Current, cancellationToken);
        MarkSuccess();
    }

    /// <summary>Re-reads the config file and applies it; returns the error that kept the old config, or null.</summary>
    public async Task<string?> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            PrometheusConfig next;
            try
            {
                next = _configFile is null ? DefaultConfig.Load() : ConfigLoader.LoadFile(_configFile);
            }
            catch (ConfigException e)
            {
                return Fail(e.Message);
            }
            catch (IOException e)
            {
                return Fail($"couldn't load configuration (--config.file=\"{_configFile}\"): {e.Message}");
            }
            try
            {
                await ApplyAsync(next, cancellationToken);
            }
            catch (Rules.Loading.RuleFileException e)
            {
                return Fail($"error loading rules, previous rule set restored: {e.Message}");
            }
            Current = next;
            MarkSuccess();
            _logger.LogInformation("Completed loading of configuration file {File}", _configFile ?? "(embedded default)");
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyAsync(PrometheusConfig config, CancellationToken cancellationToken)
    {
        await _scrape.ApplyConfigAsync(config, cancellationToken);
        _discovery.ApplyConfig(config.ScrapeConfigs);
        // Unchanged remote_write queues keep running (matched by their config's hash), as in Prometheus.
        if (_remoteWrite is not null) await _remoteWrite.ApplyConfigAsync(config, cancellationToken);
        _remoteRead?.ApplyConfig(config);
        foreach (var apply in _appliers) await apply(config, cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    private string Fail(string error)
    {
        LastReloadSuccessful = false;
        _metrics.LastReloadSuccessful.Set(0);
        _logger.LogError("Error reloading config: {Error}", error);
        return error;
    }

    private void MarkSuccess()
    {
        LastReloadSuccessful = true;
        LastReloadTime = _clock.GetUtcNow();
        _metrics.LastReloadSuccessful.Set(1);
        _metrics.LastReloadSuccessTimestamp.Set(LastReloadTime.ToUnixTimeMilliseconds() / 1000.0);
    }
}
