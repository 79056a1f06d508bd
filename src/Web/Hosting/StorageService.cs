using MetricsServer.Tsdb;

namespace MetricsServer.Web.Hosting;

/// <summary>
/// Brings the database up in the background so that the HTTP server answers (503 on the query API, the replay's
/// progress on <c>/api/v1/status/walreplay</c>) while the WAL replays; then runs the maintenance loop (head
/// compaction, WAL checkpoints, block compaction, retention) every minute, as Prometheus does, until shutdown.
/// A failed replay stops the server, which then exits 1 (<see cref="Failure"/>).
/// </summary>
public sealed class StorageService : IHostedService, IDisposable
{
    /// <summary>Prometheus's compaction and retention interval.</summary>
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(1);

    private readonly Db _db;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<StorageService> _logger;
    private readonly TaskCompletionSource _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _startBarrier = Task.CompletedTask;
    private Task? _run;

    public StorageService(Db db, IHostApplicationLifetime lifetime, ILogger<StorageService> logger)
    {
        _db = db;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes when the head was rebuilt from the WAL and appends are accepted; faults when the replay failed.</summary>
    public Task Replayed => _replayed.Task;

    /// <summary>Why the storage could not be brought up, or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Test hook: the replay waits for <paramref name="barrier"/> before it starts, so that a test can observe the
    /// server while it is not ready without racing a fast replay. Call before the host starts.
    /// </summary>
    internal void HoldReplayUntil(Task barrier) => _startBarrier = barrier;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await _startBarrier.WaitAsync(stop);
            // The replay is long, synchronous work: give it a thread of its own rather than a pool thread.
            await Task.Factory.StartNew(_db.ReplayWal, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _replayed.TrySetCanceled(stop);
            return;
        }
        catch (Exception e)
        {
            Failure = e;
            _logger.LogCritical(e, "Opening storage failed: {Error}", e.Message);
            _replayed.TrySetException(e);
            _lifetime.StopApplication();
            return;
        }
        _replayed.TrySetResult();
        await _db.RunMaintenanceAsync(MaintenanceInterval, stop);
    }

    /// <summary>Stops the maintenance loop and waits for a replay under way (it cannot be interrupted safely).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_run is not null) await _run.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();
}
