using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MetricsServer.TestSupport.Kubernetes;

public sealed partial class FakeKubernetesApiServer
{
    private readonly ConcurrentDictionary<string, string> _nodeProxy = new(StringComparer.Ordinal);
    private int _nodeProxyRequests;

    /// <summary>Node-proxy requests answered with 200.</summary>
    public int NodeProxyRequests => Volatile.Read(ref _nodeProxyRequests);

    /// <summary>
    /// Serves <paramref name="body"/> at <c>/api/v1/nodes/&lt;node&gt;/proxy&lt;path&gt;</c>, as the API server would
    /// relay the kubelet's answer (the bearer-token check applies as to every request).
    /// </summary>
    public void ServeNodeProxy(string node, string path, string body) => _nodeProxy[$"/api/v1/nodes/{node}/proxy{path}"] = body;

    private static bool IsNodeProxy(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Value is { } path
        && path.StartsWith("/api/v1/nodes/", StringComparison.Ordinal) && path.Contains("/proxy/", StringComparison.Ordinal);

    private async Task ServeNodeProxyAsync(HttpContext context)
    {
        if (!_nodeProxy.TryGetValue(context.Request.Path.Value ?? "", out var body))
        {
            await WriteStatusAsync(context, 404, "NotFound", $"nothing served at {context.Request.Path}").ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _nodeProxyRequests);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
