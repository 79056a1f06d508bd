using System.Collections.Concurrent;
using System.Net;
using MetricsServer.Remote.Protocol;

namespace MetricsServer.Remote.Tests.Write;

/// <summary>
/// An in-process remote-write endpoint behind an <see cref="HttpMessageHandler"/>: decodes each body with the
/// protobuf library (so our hand encoding is checked by a real parser), records requests that it accepts, and
/// answers each request with the next scripted status (204 when the script is empty).
/// </summary>
internal sealed class FakeReceiver : HttpMessageHandler
{
    public ConcurrentQueue<int> Script { get; } = new();

    public ConcurrentQueue<WriteRequest> Accepted { get; } = new();

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    public int Attempts;

    public IEnumerable<TimeSeries> Series => Accepted.SelectMany(r => r.Timeseries);

    public HttpClient Client() => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var decoded = WriteRequest.Parser.ParseFrom(SnappyBody.Decompress(body, 64 << 20));
        Requests.Enqueue(request);
        var status = Script.TryDequeue(out var s) ? s : 204;
        if (status / 100 == 2) Accepted.Enqueue(decoded);
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(status / 100 == 2 ? "" : "scripted failure") };
    }
}
