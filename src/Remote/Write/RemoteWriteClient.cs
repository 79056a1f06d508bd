using System.Net.Http.Headers;

namespace MetricsServer.Remote.Write;

/// <summary>
/// POSTs compressed write requests to one endpoint with the headers remote write 1.0 requires and the configured
/// ones; the <see cref="HttpClient"/> carries TLS and authentication. Thread-safe.
/// </summary>
public sealed class RemoteWriteClient
{
    /// <summary>The User-Agent sent; receivers log it.</summary>
    public const string UserAgent = "MetricsServer/1.0 (Prometheus remote write 0.1.0)";

    private static readonly MediaTypeHeaderValue ProtobufContentType = new(RemoteWriteHeaders.ProtobufMediaType);

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public RemoteWriteClient(HttpClient http, Uri url, TimeSpan timeout, IReadOnlyDictionary<string, string>? headers = null)
    {
        _http = http;
        _url = url;
        _timeout = timeout;
        _headers = headers ?? new Dictionary<string, string>();
    }

    /// <summary>
    /// Sends one snappy-compressed <c>WriteRequest</c>. Network errors and timeouts come back as status 0,
    /// recoverable; cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<SendResult> SendAsync(ReadOnlyMemory<byte> compressed, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ReadOnlyMemoryContent(compressed) };
        request.Content.Headers.ContentType = ProtobufContentType;
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation(RemoteWriteHeaders.VersionHeader, "0.1.0");
        foreach (var (name, value) in _headers) request.Headers.TryAddWithoutValidation(name, value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status / 100 == 2) return new SendResult(status, null, null);
            // Prometheus reports the start of the body: receivers put the reason there.
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (body.Length > 512) body = body[..512];
            TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
            return new SendResult(status, retryAfter, $"server returned HTTP status {response.StatusCode} ({status}): {body.Trim()}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(0, null, $"request timed out after {_timeout}");
        }
        catch (HttpRequestException e)
        {
            return new SendResult(0, null, e.Message);
        }
    }
}
