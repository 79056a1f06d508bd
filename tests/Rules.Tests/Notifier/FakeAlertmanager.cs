using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MetricsServer.TestSupport;

namespace MetricsServer.Rules.Tests.Notifier;

/// <summary>
/// An in-process Alertmanager on a loopback port (HttpListener): records every POST's path and JSON body and
/// answers with <see cref="Status"/> (200 by default).
/// </summary>
internal sealed class FakeAlertmanager : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeAlertmanager()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Status { get; set; } = 200;

    public ConcurrentQueue<(string Path, string ContentType, JsonElement Body)> Requests { get; } = new();

    /// <summary>Every alert received, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Alerts => [.. Requests.SelectMany(r => r.Body.EnumerateArray())];

    public static string AlertName(JsonElement alert) => alert.GetProperty("labels").GetProperty("alertname").GetString()!;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body));
            }
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}
