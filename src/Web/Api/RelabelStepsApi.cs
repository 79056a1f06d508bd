using System.Text.Json;
using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using MetricsServer.Scraper;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>GET /api/v1/targets/relabel_steps?scrapePool=&lt;name&gt;&amp;labels=&lt;JSON object&gt;</c> (experimental in
/// Prometheus, for its UI): runs the pool's <c>relabel_configs</c> over the given labels (a target's discovered
/// labels) and answers <c>{"steps": [{"rule": {...}, "output": {...}, "keep": bool}]}</c>, one step per rule applied,
/// the rule as JSON with Prometheus's relabel config fields in camelCase, empty ones left out.
/// </summary>
public static class RelabelStepsApi
{
    public static IResult RelabelSteps(HttpRequest request, ScrapeManager manager)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manager);
        var poolName = request.Query["scrapePool"].ToString();
        if (poolName.Length == 0) return ApiResponse.Error(ApiErrorType.BadData, "no scrapePool parameter provided");
        var labelsText = request.Query["labels"].ToString();
        if (labelsText.Length == 0) return ApiResponse.Error(ApiErrorType.BadData, "no labels parameter provided");
        LabelSet input;
        try
        {
            input = ParseLabels(labelsText);
        }
        catch (JsonException e)
        {
            return ApiResponse.Error(ApiErrorType.BadData, "error parsing labels: " + e.Message);
        }
        var pool = manager.Pools.FirstOrDefault(p => p.Name == poolName);
        if (pool is null) return ApiResponse.Error(ApiErrorType.BadData, $"scrape pool \"{poolName}\" not found");

        var steps = new List<Dictionary<string, object?>>();
        foreach (var step in Relabeler.ProcessSteps(input, RelabelRules.Compile(pool.Config.RelabelConfigs)))
        {
            steps.Add(new Dictionary<string, object?>
            {
                ["rule"] = RuleJson(step.Rule.Config),
                ["output"] = LabelsJson.ToDictionary(step.Output),
                ["keep"] = step.Keep,
            });
        }
        return ApiResponse.Success(new Dictionary<string, object?> { ["steps"] = steps });
    }

    /// <summary>A JSON object of label names to values; anything else is a <see cref="JsonException"/>.</summary>
    private static LabelSet ParseLabels(string text)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? throw new JsonException("labels must be a JSON object");
        var builder = new LabelSetBuilder();
        foreach (var (name, value) in values) builder.Set(name, value);
        return builder.ToLabelSet();
    }

    private static Dictionary<string, object> RuleJson(RelabelConfig config)
    {
        var rule = new Dictionary<string, object>(StringComparer.Ordinal);
        if (config.SourceLabels.Count > 0) rule["sourceLabels"] = config.SourceLabels;
        if (config.Separator.Length > 0) rule["separator"] = config.Separator;
        if (config.Regex.Length > 0) rule["regex"] = config.Regex;
        if (config.Modulus != 0) rule["modulus"] = config.Modulus;
        if (!string.IsNullOrEmpty(config.TargetLabel)) rule["targetLabel"] = config.TargetLabel;
        if (config.Replacement.Length > 0) rule["replacement"] = config.Replacement;
        rule["action"] = RelabelRule.ActionName(config.Action);
        return rule;
    }
}
