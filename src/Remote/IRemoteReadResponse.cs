namespace MetricsServer.Remote;

/// <summary>
/// The HTTP response a remote read is written to, so that Remote stays free of ASP.NET. Not thread-safe: one request.
/// </summary>
public interface IRemoteReadResponse
{
    /// <summary>True once headers went out; after that an error can only end the stream.</summary>
    bool HasStarted { get; }

    /// <summary>Answers with <paramref name="statusCode"/> and a plain-text <paramref name="message"/>; only before <see cref="HasStarted"/>.</summary>
    Task WriteErrorAsync(int statusCode, string message, CancellationToken cancellationToken);

    /// <summary>Sends 200 with these headers and returns the body stream, owned by the response.</summary>
    Stream StartBody(string contentType, string? contentEncoding);

    /// <summary>Pushes what was written so far to the client (streamed responses flush per frame).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
