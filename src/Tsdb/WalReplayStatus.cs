namespace MetricsServer.Tsdb;

/// <summary>
/// Progress of the WAL replay at start-up, for <c>/api/v1/status/walreplay</c> and readiness: the first and last
/// segment to read and the one being read. Thread-safe: written by the replay, read by the API.
/// </summary>
public sealed class WalReplayStatus
{
    private readonly Lock _lock = new();
    private int _min = -1;
    private int _max = -1;
    private int _current = -1;
    private WalReplayState _state = WalReplayState.Waiting;

    public (int Min, int Max, int Current, WalReplayState State) Read()
    {
        lock (_lock) return (_min, _max, _current, _state);
    }

    internal void Start(int min, int max)
    {
        lock (_lock)
        {
            _min = min;
            _max = max;
            _current = min;
            _state = WalReplayState.InProgress;
        }
    }

    internal void Segment(int current)
    {
        lock (_lock) _current = current;
    }

    internal void Done()
    {
        lock (_lock)
        {
            _current = _max;
            _state = WalReplayState.Done;
        }
    }
}
