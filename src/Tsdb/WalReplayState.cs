namespace MetricsServer.Tsdb;

/// <summary>The states Prometheus reports for the replay: "waiting", "in progress", "done".</summary>
public enum WalReplayState
{
    Waiting,
    InProgress,
    Done,
}
