using MetricsServer.Model.Storage;
using MetricsServer.Remote;
using MetricsServer.Web.Flags;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>POST /api/v1/write</c>, the remote write receiver. Without <c>--web.enable-remote-write-receiver</c> it answers
/// as Prometheus does: 404 with "remote write receiver needs to be enabled with --web.enable-remote-write-receiver".
/// Answers are plain text, as Prometheus's receiver writes them: 204 on success, 400/413/415 with the reason.
/// </summary>
public static class RemoteWriteApi
{
    public const string DisabledMessage = "remote write receiver needs to be enabled with --web.enable-remote-write-receiver";

    public static void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var services = api.ServiceProvider;
        var options = services.GetRequiredService<ServerOptions>();
        var receiver = new Lazy<RemoteWriteReceiver>(() => Create(services, options));
        api.MapPost("/write", async (HttpContext context) =>
        {
            if (!options.WebEnableRemoteWriteReceiver)
            {
                await WriteTextAsync(context.Response, 404, DisabledMessage).ConfigureAwait(false);
                return;
            }
            var r = receiver.Value;
            // Kestrel's own body limit (30 MB) would cut the receiver's larger, explicit one short.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            var result = await r.ReceiveAsync(context.Request.ContentType, context.Request.Headers.ContentEncoding.ToString(), context.Request.Body, context.RequestAborted).ConfigureAwait(false);
            if (result.IsSuccess) context.Response.StatusCode = StatusCodes.Status204NoContent;
            else await WriteTextAsync(context.Response, result.StatusCode, result.Error ?? "").ConfigureAwait(false);
        });
    }

    /// <summary>Writes a plain-text error as Go's <c>http.Error</c> does.</summary>
    internal static async Task WriteTextAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        await response.WriteAsync(message + "\n").ConfigureAwait(false);
    }

    private static RemoteWriteReceiver Create(IServiceProvider services, ServerOptions options)
    {
        var accepted = new List<RemoteWriteMessage>();
        foreach (var name in options.WebRemoteWriteReceiverAcceptedProtobufMessages)
        {
            if (name == RemoteWriteHeaders.V1MessageName) accepted.Add(RemoteWriteMessage.V1);
            else if (name == RemoteWriteHeaders.V2MessageName) accepted.Add(RemoteWriteMessage.V2);
        }
        return new RemoteWriteReceiver(services.GetRequiredService<IAppendable>(), new RemoteWriteReceiverOptions { AcceptedMessages = accepted },
            new RemoteMetrics(services.GetRequiredService<CollectorRegistry>()), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<RemoteWriteReceiver>>());
    }
}
