namespace MetricsServer.Web.Hosting;

/// <summary>
/// Whether the server serves queries, with Prometheus's three states: not ready while the WAL replays and the initial
/// config is applied, ready, then stopping once shutdown begins. Thread-safe.
/// </summary>
public sealed class ReadinessState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _state;

    private const int NotReady = 0;
    private const int Ready = 1;
    private const int Stopping = 2;

    public bool IsReady => _state == Ready;

    /// <summary>Shutdown began: Prometheus tells this apart from starting with <c>X-Prometheus-Stopping: true</c>.</summary>
    public bool IsStopping => _state == Stopping;

    /// <summary>Completes the first time the server becomes ready.</summary>
    public Task WhenReady => _ready.Task;

    public void MarkReady()
    {
        // A shutdown that began during start-up wins: the server must not turn ready again.
        if (Interlocked.CompareExchange(ref _state, Ready, NotReady) == NotReady) _ready.TrySetResult();
    }

    public void MarkStopping() => _state = Stopping;
}
