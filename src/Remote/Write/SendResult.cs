namespace MetricsServer.Remote.Write;

/// <summary>
/// The outcome of one send: the HTTP status (0 for a network error or timeout), the server's <c>Retry-After</c>,
/// and the error text when it failed.
/// </summary>
public readonly record struct SendResult(int StatusCode, TimeSpan? RetryAfter, string? Error)
{
    public bool Succeeded => StatusCode / 100 == 2;

    /// <summary>Worth retrying, as Prometheus decides: network errors, 5xx, and 429 when <paramref name="retryOn429"/>.</summary>
    public bool IsRecoverable(bool retryOn429) => StatusCode == 0 || StatusCode / 100 == 5 || (StatusCode == 429 && retryOn429);
}
