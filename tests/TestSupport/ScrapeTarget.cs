using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MetricsServer.TestSupport;

/// <summary>
/// An in-process HTTP scrape target on a loopback port: serves whatever body, content type and status the test
/// sets, gzip-compressed when the scraper asks for it, and records what each request carried. Safe to change
/// between scrapes from the test thread.
/// </summary>
public sealed class ScrapeTarget : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serve;
    private readonly Lock _lock = new();
    private string _body = string.Empty;
    private string _contentType = "text/plain; version=0.0.4; charset=utf-8";
    private int _status = 200;
    private TaskCompletionSource? _hold;
    private readonly List<Dictionary<string, string>> _requests = [];

    public ScrapeTarget(string body = "")
    {
        _body = body;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serve = ServeAsync();
    }

    public int Port { get; }

    /// <summary>The <c>host:port</c> to put in a static config.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public Uri MetricsUrl => new($"http://{Address}/metrics");

    public string Body
    {
        get { lock (_lock) return _body; }
        set { lock (_lock) _body = value; }
    }

    public string ContentType
    {
        get { lock (_lock) return _contentType; }
        set { lock (_lock) _contentType = value; }
    }

    public int Status
    {
        get { lock (_lock) return _status; }
        set { lock (_lock) _status = value; }
    }

    /// <summary>Makes requests wait until <see cref="Release"/>: for timeout tests.</summary>
    public void Hold()
    {
        lock (_lock) _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release()
    {
        TaskCompletionSource? hold;
        lock (_lock)
        {
            hold = _hold;
            _hold = null;
        }
        hold?.TrySetResult();
    }

    /// <summary>The headers of every request so far, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => RespondAsync(ctx));
        }
    }

    private async Task RespondAsync(HttpListenerContext ctx)
    {
        try
        {
            Task? hold;
            string body;
            string contentType;
            int status;
            lock (_lock)
            {
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (string? key in ctx.Request.Headers.AllKeys) if (key is not null) headers[key] = ctx.Request.Headers[key] ?? "";
                headers[":path"] = ctx.Request.Url?.PathAndQuery ?? "";
                _requests.Add(headers);
                hold = _hold?.Task;
                body = _body;
                contentType = _contentType;
                status = _status;
            }
            if (hold is not null) await hold;
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            var bytes = Encoding.UTF8.GetBytes(body);
            var gzip = (ctx.Request.Headers["Accept-Encoding"] ?? "").Contains("gzip", StringComparison.OrdinalIgnoreCase);
            if (gzip)
            {
                using var ms = new MemoryStream();
                await using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) await z.WriteAsync(bytes);
                bytes = ms.ToArray();
                ctx.Response.AddHeader("Content-Encoding", "gzip");
            }
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        _listener.Stop();
        _listener.Close();
        await _serve;
    }
}
