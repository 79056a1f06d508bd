using MetricsServer.Web.Flags;
using MetricsServer.Web.Hosting;

namespace MetricsServer.Web.Lifecycle;

/// <summary><c>/-/healthy</c>, <c>/-/ready</c>, <c>/-/reload</c> and <c>/-/quit</c> with Prometheus's answers.</summary>
public static class LifecycleEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapMethods("/-/healthy", ["GET", "HEAD"], () => Results.Text("Prometheus Server is Healthy.\n"));
        root.MapMethods("/-/ready", ["GET", "HEAD"], (HttpContext http, ReadinessState readiness) => readiness.IsReady
            ? Results.Text("Prometheus Server is Ready.\n")
            : ReadinessGate.Unavailable(http, readiness));
        root.MapMethods("/-/reload", ["POST", "PUT"], async (ServerOptions options, ConfigReloader reloader, CancellationToken ct) =>
        {
            if (!options.WebEnableLifecycle) return LifecycleDisabled();
            var error = await reloader.ReloadAsync(ct);
            return error is null
                ? Results.Ok()
                : Results.Text($"failed to reload config: {error}\n", statusCode: StatusCodes.Status500InternalServerError);
        });
        root.MapMethods("/-/quit", ["POST", "PUT"], (ServerOptions options, IHostApplicationLifetime lifetime) =>
        {
            if (!options.WebEnableLifecycle) return LifecycleDisabled();
            lifetime.StopApplication();
            return Results.Text("Requesting termination... Goodbye!");
        });
    }

    private static IResult LifecycleDisabled() =>
        Results.Text("Lifecycle API is not enabled.", statusCode: StatusCodes.Status403Forbidden);
}
