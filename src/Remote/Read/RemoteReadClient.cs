using System.Net.Http.Headers;
using Google.Protobuf;
using MetricsServer.Remote.Protocol;

namespace MetricsServer.Remote.Read;

/// <summary>
/// Sends remote read 0.1.0 requests (snappy-compressed <c>ReadRequest</c>, asking for the SAMPLES answer) to one
/// endpoint and decodes the answer. The <see cref="HttpClient"/> carries TLS and authentication. Thread-safe.
/// </summary>
public sealed class RemoteReadClient
{
    private const int MaxResponseBytes = 256 << 20;

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public RemoteReadClient(HttpClient http, Uri url, TimeSpan timeout, IReadOnlyDictionary<string, string>? headers = null)
    {
        _http = http;
        _url = url;
        _timeout = timeout;
        _headers = headers ?? new Dictionary<string, string>();
    }

    /// <summary>The series of one query; a non-2xx answer or a malformed body throws <see cref="RemoteProtocolException"/>.</summary>
    public async Task<QueryResult> ReadAsync(Query query, CancellationToken cancellationToken)
    {
        var request = new ReadRequest();
        request.Queries.Add(query);
        request.AcceptedResponseTypes.Add(ReadRequest.Types.ResponseType.Samples);
        using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(SnappyBody.Compress(request.ToByteArray())) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(RemoteWriteHeaders.ProtobufMediaType);
        message.Content.Headers.ContentEncoding.Add("snappy");
        message.Headers.TryAddWithoutValidation("User-Agent", Write.RemoteWriteClient.UserAgent);
        message.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Read-Version", "0.1.0");
        foreach (var (name, value) in _headers) message.Headers.TryAddWithoutValidation(name, value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using var bodyOwner = body.ConfigureAwait(false);
        var compressed = await SnappyBody.ReadAsync(body, MaxResponseBytes, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = System.Text.Encoding.UTF8.GetString(compressed.AsSpan(0, Math.Min(compressed.Length, 512)));
            throw new RemoteProtocolException((int)response.StatusCode, $"remote server {_url} returned HTTP status {(int)response.StatusCode}: {text.Trim()}");
        }
        ReadResponse decoded;
        try
        {
            decoded = ReadResponse.Parser.ParseFrom(SnappyBody.Decompress(compressed, MaxResponseBytes));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteProtocolException(502, $"remote server {_url} sent a malformed read response: {e.Message}", e);
        }
        if (decoded.Results.Count != 1) throw new RemoteProtocolException(502, $"remote server {_url} answered {decoded.Results.Count} results for 1 query");
        return decoded.Results[0];
    }
}
