using System.Runtime.InteropServices;
using MetricsServer.Web.Lifecycle;

namespace MetricsServer.Web.Hosting;

/// <summary>Reloads the config on SIGHUP, as Prometheus does. (SIGTERM and SIGINT stop the host gracefully already.)</summary>
public sealed class SignalService : IHostedService, IDisposable
{
    private readonly ConfigReloader _reloader;
    private readonly ILogger<SignalService> _logger;
    private PosixSignalRegistration? _registration;

    public SignalService(ConfigReloader reloader, ILogger<SignalService> logger)
    {
        _reloader = reloader;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = ReloadAsync();
        });
        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        var error = await _reloader.ReloadAsync(CancellationToken.None);
        if (error is not null) _logger.LogError("SIGHUP reload failed: {Error}", error);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        _registration = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _registration?.Dispose();
}
