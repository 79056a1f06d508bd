using MetricsServer.Config;
using MetricsServer.Rules.Evaluation;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Hooks the rule manager into config loading: the first config is applied once the storage has replayed (the
/// reloader applies it from <see cref="ScrapeService"/>), so rules only ever evaluate against a ready storage;
/// reloads re-read the rule files. On shutdown it stops every group's loop, awaiting evaluations in progress.
/// </summary>
public sealed class RuleService : IHostedService
{
    private readonly RuleManager _manager;

    public RuleService(RuleManager manager, ConfigReloader reloader, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(reloader);
        ArgumentNullException.ThrowIfNull(options);
        _manager = manager;
        var externalUrl = Uri.TryCreate(options.WebExternalUrl, UriKind.Absolute, out var u) ? u : null;
        reloader.AddApplier((PrometheusConfig config, CancellationToken ct) => _manager.ApplyConfigAsync(config, externalUrl, ct));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _manager.StopAsync();
}
