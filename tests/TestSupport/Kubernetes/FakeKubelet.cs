using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// A kubelet's metrics endpoints, as a direct scrape sees them: HTTPS with a self-signed certificate on a loopback
/// port, a bearer-token check (401 otherwise), and a body per path (<c>/metrics</c>, <c>/metrics/cadvisor</c>, ...).
/// Thread-safe.
/// </summary>
public sealed class FakeKubelet : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();
    private readonly ConcurrentDictionary<string, string> _bodies = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _served;
    private int _refused;

    private FakeKubelet(string token)
    {
        Port = FreePort.Next();
        Token = token;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.UseHttps(_certificate)));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public int Port { get; }

    /// <summary>The bearer token a scrape must carry.</summary>
    public string Token { get; }

    /// <summary>Scrapes answered with 200.</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>Requests refused for a missing or wrong token.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<FakeKubelet> StartAsync(string token)
    {
        var kubelet = new FakeKubelet(token);
        await kubelet._app.StartAsync().ConfigureAwait(false);
        return kubelet;
    }

    /// <summary>Serves <paramref name="body"/> (text exposition format) at <paramref name="path"/>.</summary>
    public void Serve(string path, string body) => _bodies[path] = body;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = 401;
            return;
        }
        if (!_bodies.TryGetValue(context.Request.Path.Value ?? "", out var body))
        {
            context.Response.StatusCode = 404;
            return;
        }
        Interlocked.Increment(ref _served);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
