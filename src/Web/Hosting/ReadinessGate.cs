namespace MetricsServer.Web.Hosting;

/// <summary>
/// Answers as Prometheus does while the server is not ready: 503 with the text <c>Service Unavailable</c> and
/// <c>X-Prometheus-Stopping</c> saying whether it is starting (<c>false</c>) or shutting down (<c>true</c>).
/// Prometheus gates every <c>/api/v1</c> endpoint this way except the WAL replay status, which a startup probe
/// watches while the replay runs.
/// </summary>
public static class ReadinessGate
{
    public const string StoppingHeader = "X-Prometheus-Stopping";

    /// <summary>Gates every endpoint of <paramref name="builder"/> on readiness, except those marked <see cref="AllowBeforeReady{TBuilder}"/>.</summary>
    public static TBuilder RequireReady<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var readiness = http.RequestServices.GetRequiredService<ReadinessState>();
            if (readiness.IsReady || http.GetEndpoint()?.Metadata.GetMetadata<AvailableBeforeReady>() is not null) return await next(context);
            return Unavailable(http, readiness);
        });

    /// <summary>Exempts an endpoint from <see cref="RequireReady{TBuilder}"/>.</summary>
    public static TBuilder AllowBeforeReady<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AvailableBeforeReady.Instance);

    /// <summary>The 503 answer for a server that is not ready.</summary>
    public static IResult Unavailable(HttpContext http, ReadinessState readiness)
    {
        http.Response.Headers[StoppingHeader] = readiness.IsStopping ? "true" : "false";
        return Results.Text("Service Unavailable", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Endpoint metadata marking an endpoint served before the server is ready.</summary>
    private sealed class AvailableBeforeReady
    {
        public static readonly AvailableBeforeReady Instance = new();
    }
}
