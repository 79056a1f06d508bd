using MetricsServer.Rules.Notifier;

namespace MetricsServer.Web.Api;

/// <summary><c>/api/v1/alertmanagers</c>: the Alertmanagers alerts go to, and those the alertmanagers' relabelling dropped.</summary>
public static class AlertmanagersApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/alertmanagers", (AlertNotifier n) => ApiResponse.Handle(() => Alertmanagers(n)));
    }

    private static IResult Alertmanagers(AlertNotifier notifier)
    {
        static List<Dictionary<string, string>> Urls(IReadOnlyList<AlertmanagerTarget> targets) =>
            [.. targets.Select(t => new Dictionary<string, string> { ["url"] = t.Url.ToString() })];
        return ApiResponse.Success(new Dictionary<string, object?>
        {
            ["activeAlertmanagers"] = Urls(notifier.ActiveAlertmanagers),
            ["droppedAlertmanagers"] = Urls(notifier.DroppedAlertmanagers),
        });
    }
}
