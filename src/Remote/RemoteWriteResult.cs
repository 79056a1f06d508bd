namespace MetricsServer.Remote;

/// <summary>
/// What the receiver answers: 204 with no error, or the status and plain-text reason Prometheus's receiver gives.
/// </summary>
public readonly record struct RemoteWriteResult(int StatusCode, string? Error)
{
    public static RemoteWriteResult NoContent => new(204, null);

    public bool IsSuccess => StatusCode == 204;
}
