using System.Globalization;
using MetricsServer.Model.Labels;
using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Web.Api;

/// <summary><c>/api/v1/rules</c>: groups and their rules with health, last error, evaluation times and alerts, filtered as Prometheus filters.</summary>
public static class RulesApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/rules", async (HttpRequest r, RuleManager m) => await HandleAsync(r, m));
        api.MapPost("/rules", async (HttpRequest r, RuleManager m) => await HandleAsync(r, m));
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, RuleManager manager)
    {
        var p = await ApiParams.ReadAsync(request);
        return ApiResponse.Handle(() => Rules(p, manager));
    }

    private static IResult Rules(Dictionary<string, List<string>> p, RuleManager manager)
    {
        var type = p.First("type")?.ToLowerInvariant() ?? "";
        if (type is not ("" or "alert" or "record")) throw new ApiError(ApiErrorType.BadData, $"invalid query parameter type='{type}'");
        var excludeAlerts = ParseBool(p.First("exclude_alerts"), "exclude_alerts");
        var names = p.All("rule_name[]").ToHashSet(StringComparer.Ordinal);
        var groupNames = p.All("rule_group[]").ToHashSet(StringComparer.Ordinal);
        var files = p.All("file[]").ToHashSet(StringComparer.Ordinal);
        var matchSets = p.All("match[]").Select(m => SelectorParser.Parse(m)).ToList();
        var groups = new List<object>();
        foreach (var g in manager.Groups)
        {
            if (groupNames.Count > 0 && !groupNames.Contains(g.Name)) continue;
            if (files.Count > 0 && !files.Contains(g.File)) continue;
            var rules = new List<object>();
            foreach (var rule in g.Rules)
            {
                if (type == "alert" && rule is not AlertingRule) continue;
                if (type == "record" && rule is not RecordingRule) continue;
                if (names.Count > 0 && !names.Contains(rule.Name)) continue;
                if (matchSets.Count > 0 && !matchSets.Any(set => set.All(m => m.Matches(m.Name == LabelNames.MetricName ? rule.Name : rule.Labels.Get(m.Name))))) continue;
                rules.Add(RuleJson(rule, excludeAlerts));
            }
            // Filters by rule drop groups left empty; without them empty groups show.
            if (rules.Count == 0 && (type.Length > 0 || names.Count > 0 || matchSets.Count > 0)) continue;
            var (last, took) = g.Status;
            groups.Add(new Dictionary<string, object?>
            {
                ["name"] = g.Name,
                ["file"] = g.File,
                ["rules"] = rules,
                ["interval"] = g.Interval.TotalSeconds,
                ["limit"] = g.Limit,
                ["evaluationTime"] = took.TotalSeconds,
                ["lastEvaluation"] = ApiParams.FormatTime(last ?? default),
            });
        }
        return ApiResponse.Success(new Dictionary<string, object?> { ["groups"] = groups });
    }

    private static bool ParseBool(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return false;
        if (bool.TryParse(text, out var b)) return b;
        if (text is "1" or "t" or "T") return true;
        if (text is "0" or "f" or "F") return false;
        throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{name}\": strconv.ParseBool: parsing \"{text}\": invalid syntax");
    }

    private static Dictionary<string, object?> RuleJson(Rule rule, bool excludeAlerts)
    {
        var (health, error, last, took) = rule.Status;
        var json = new Dictionary<string, object?>
        {
            ["name"] = rule.Name,
            ["query"] = rule.Query,
            ["labels"] = LabelsJson.ToDictionary(rule.Labels),
            ["health"] = health switch { RuleHealth.Ok => "ok", RuleHealth.Err => "err", _ => "unknown" },
            ["evaluationTime"] = took.TotalSeconds,
            ["lastEvaluation"] = ApiParams.FormatTime(last ?? default),
        };
        if (error.Length > 0) json["lastError"] = error;
        if (rule is AlertingRule alerting)
        {
            json["type"] = "alerting";
            json["state"] = StateName(alerting.State);
            json["duration"] = alerting.HoldDuration.TotalSeconds;
            json["keepFiringFor"] = alerting.KeepFiringFor.TotalSeconds;
            json["annotations"] = new SortedDictionary<string, string>(alerting.Annotations.ToDictionary(), StringComparer.Ordinal);
            if (!excludeAlerts) json["alerts"] = alerting.ActiveAlerts().Select(AlertJson).ToList();
        }
        else
        {
            json["type"] = "recording";
        }
        return json;
    }

    internal static string StateName(AlertState state) => state switch
    {
        AlertState.Firing => "firing",
        AlertState.Pending => "pending",
        _ => "inactive",
    };

    /// <summary>An alert as <c>/api/v1/rules</c> and <c>/api/v1/alerts</c> show it; the value as Go's <c>%e</c>.</summary>
    internal static Dictionary<string, object?> AlertJson(Alert alert)
    {
        var json = new Dictionary<string, object?>
        {
            ["labels"] = LabelsJson.ToDictionary(alert.Labels),
            ["annotations"] = new SortedDictionary<string, string>(alert.Annotations.ToDictionary(), StringComparer.Ordinal),
            ["state"] = StateName(alert.State),
            ["activeAt"] = ApiParams.FormatTime(alert.ActiveAt),
            ["value"] = FormatValue(alert.Value),
        };
        if (alert.KeepFiringSince is { } since) json["keepFiringSince"] = ApiParams.FormatTime(since);
        return json;
    }

    private static string FormatValue(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "+Inf" : "-Inf";
        // Go's strconv.FormatFloat(v, 'e', -1, 64): shortest digits, exponent with a sign and at least two digits.
        var r = v.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = double.Parse(v.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        var exp = int.Parse(r[(r.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        var digits = shortest.Split('E', 'e')[0].Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return (v < 0 ? "-" : "") + mantissa + (exp < 0 ? "e-" : "e+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }
}
