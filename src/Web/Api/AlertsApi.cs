using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Web.Api;

/// <summary><c>/api/v1/alerts</c>: every pending and firing alert.</summary>
public static class AlertsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", (RuleManager m) => ApiResponse.Handle(() => Alerts(m)));
    }

    private static IResult Alerts(RuleManager manager)
    {
        var alerts = manager.AlertingRules.SelectMany(r => r.ActiveAlerts()).Select(RulesApi.AlertJson).ToList();
        return ApiResponse.Success(new Dictionary<string, object?> { ["alerts"] = alerts });
    }
}
