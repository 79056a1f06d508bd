using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;
using MetricsServer.Remote;
using MetricsServer.Tsdb.Chunks;
using MetricsServer.Web.Flags;
using MetricsServer.Web.Lifecycle;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>POST /api/v1/read</c>, the remote read endpoint, with the <c>--storage.remote.read-*</c> bounds. The streamed
/// response's XOR chunks are encoded with the TSDB's chunk encoder, handed to Remote here because Remote may not
/// reference the TSDB.
/// </summary>
public static class RemoteReadApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var services = api.ServiceProvider;
        var handler = new Lazy<RemoteReadHandler>(() => Create(services));
        api.MapPost("/read", async (HttpContext context) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            await handler.Value.HandleAsync(context.Request.Body, new HttpReadResponse(context.Response), context.RequestAborted).ConfigureAwait(false);
        });
    }

    private static RemoteReadHandler Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<ServerOptions>();
        var reloader = services.GetService<ConfigReloader>();
        return new RemoteReadHandler(services.GetRequiredService<IQueryableStorage>(),
            new RemoteReadOptions
            {
                SampleLimit = options.RemoteReadSampleLimit,
                ConcurrencyLimit = options.RemoteReadConcurrentLimit,
                MaxBytesInFrame = options.RemoteReadMaxBytesInFrame,
                SamplesPerChunk = options.TsdbSamplesPerChunk,
            },
            () => ExternalLabels(reloader),
            static samples => XorChunk.Encode(samples).Bytes.ToArray(),
            new RemoteMetrics(services.GetRequiredService<CollectorRegistry>()),
            services.GetRequiredService<ILogger<RemoteReadHandler>>());
    }

    private static LabelSet ExternalLabels(ConfigReloader? reloader)
    {
        var external = reloader?.Current.Global.ExternalLabels;
        if (external is null || external.Count == 0) return LabelSet.Empty;
        var labels = new Label[external.Count];
        var i = 0;
        foreach (var (name, value) in external) labels[i++] = new Label(name, value);
        return LabelSet.FromUnsorted(labels);
    }

    /// <summary>The ASP.NET response behind Remote's <see cref="IRemoteReadResponse"/>.</summary>
    private sealed class HttpReadResponse(HttpResponse response) : IRemoteReadResponse
    {
        public bool HasStarted => response.HasStarted;

        public Task WriteErrorAsync(int statusCode, string message, CancellationToken cancellationToken) =>
            RemoteWriteApi.WriteTextAsync(response, statusCode, message);

        public Stream StartBody(string contentType, string? contentEncoding)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            if (contentEncoding is not null) response.Headers.ContentEncoding = contentEncoding;
            return response.Body;
        }

        public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);
    }
}
