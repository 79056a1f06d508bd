namespace MetricsServer.Remote.Tests;

/// <summary>An <see cref="IRemoteReadResponse"/> that keeps status, headers and body in memory.</summary>
internal sealed class RecordingReadResponse : IRemoteReadResponse
{
    public MemoryStream Body { get; } = new();
    public int StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? ContentEncoding { get; private set; }
    public string? Error { get; private set; }
    public int Flushes { get; private set; }
    public bool HasStarted { get; private set; }

    public Task WriteErrorAsync(int statusCode, string message, CancellationToken cancellationToken)
    {
        if (HasStarted) throw new InvalidOperationException("headers already sent");
        HasStarted = true;
        StatusCode = statusCode;
        Error = message;
        return Task.CompletedTask;
    }

    public Stream StartBody(string contentType, string? contentEncoding)
    {
        if (HasStarted) throw new InvalidOperationException("headers already sent");
        HasStarted = true;
        StatusCode = 200;
        ContentType = contentType;
        ContentEncoding = contentEncoding;
        return Body;
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        return Task.CompletedTask;
    }
}
