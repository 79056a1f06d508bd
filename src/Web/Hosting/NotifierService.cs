using MetricsServer.Config;
using MetricsServer.Rules.Notifier;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Hooks the Alertmanager notifier into config loading (start-up and reloads apply <c>alerting</c> and
/// <c>external_labels</c>) and owns its lifetime: registered before <see cref="RuleService"/>, it stops after the
/// rules, so the last alerts they queue are still drained.
/// </summary>
public sealed class NotifierService : IHostedService
{
    private readonly AlertNotifier _notifier;

    public NotifierService(AlertNotifier notifier, ConfigReloader reloader)
    {
        ArgumentNullException.ThrowIfNull(reloader);
        _notifier = notifier;
        reloader.AddApplier((PrometheusConfig config, CancellationToken _) =>
        {
            _notifier.ApplyConfig(config);
            _notifier.Start();
            return Task.CompletedTask;
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _notifier.StopAsync();
}
