namespace MetricsServer.Remote;

/// <summary>
/// A remote write or read request that cannot be served, with the HTTP status Prometheus answers it with
/// (400 malformed, 413 too large, 415 unsupported content type or encoding) and a message naming what was wrong.
/// </summary>
public sealed class RemoteProtocolException : Exception
{
    public RemoteProtocolException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public RemoteProtocolException(int statusCode, string message, Exception inner) : base(message, inner) => StatusCode = statusCode;

    public RemoteProtocolException() : this(400, "bad remote request") { }

    public RemoteProtocolException(string message) : this(400, message) { }

    public RemoteProtocolException(string message, Exception inner) : this(400, message, inner) { }

    public int StatusCode { get; }
}
