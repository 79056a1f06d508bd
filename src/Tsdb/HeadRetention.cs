namespace MetricsServer.Tsdb;

/// <summary>
/// Keeps the in-memory head within <c>--storage.tsdb.retention.time</c>: every interval it truncates the head at
/// now − retention, so that memory is bounded by the retention window rather than by uptime. Owns its task:
/// <see cref="StopAsync"/> cancels it and waits for it to end. (Blocks and size retention come with the TSDB.)
/// </summary>
public sealed class HeadRetention : IAsyncDisposable
{
    private readonly Head _head;
    private readonly TimeSpan _retention;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private Task? _task;

    public HeadRetention(Head head, TimeSpan retention, TimeSpan interval, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(clock);
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "interval must be positive");
        _head = head;
        _retention = retention;
        _interval = interval;
        _clock = clock;
    }

    public void Start()
    {
        if (_task is not null) throw new InvalidOperationException("head retention already started");
        _task = RunAsync(_stop.Token);
    }

    /// <summary>Truncates once now; zero retention keeps everything.</summary>
    public void Apply()
    {
        if (_retention <= TimeSpan.Zero) return;
        _head.Truncate((_clock.GetUtcNow() - _retention).ToUnixTimeMilliseconds());
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Apply();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_task is not null) await _task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
