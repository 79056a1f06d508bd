using MetricsServer.Discovery;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Metadata;
using MetricsServer.Model.Time;
using MetricsServer.Scraper;
using MetricsServer.Scraper.Targets;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>/api/v1/targets</c>, <c>/api/v1/targets/metadata</c>, <c>/api/v1/targets/relabel_steps</c> and <c>/api/v1/metadata</c>,
/// from the scrape manager's pools.
/// </summary>
public static class TargetsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/targets", (HttpRequest r, ScrapeManager m, DiscoveryMetrics d) => ApiResponse.Handle(() => Targets(r, m, d.KubernetesRbac)));
        api.MapGet("/targets/relabel_steps", (HttpRequest r, ScrapeManager m) => ApiResponse.Handle(() => RelabelStepsApi.RelabelSteps(r, m)));
        api.MapGet("/targets/metadata", (HttpRequest r, ScrapeManager m) => ApiResponse.Handle(() => TargetMetadata(r, m)));
        api.MapGet("/metadata", (HttpRequest r, ScrapeManager m) => ApiResponse.Handle(() => Metadata(r, m)));
    }

    /// <summary>
    /// Prometheus's answer, plus <c>kubernetesRbacDenials</c> (ours) when a Kubernetes SD entry of a listed pool
    /// lacks permissions: see <see cref="RbacDenialsJson"/>.
    /// </summary>
    private static IResult Targets(HttpRequest request, ScrapeManager manager, RbacStatus rbac)
    {
        var state = request.Query["state"].ToString().ToLowerInvariant();
        var poolFilter = request.Query["scrapePool"].ToString();
        var showActive = state is "" or "active" or "any";
        var showDropped = state is "" or "dropped" or "any";
        var active = new List<object>();
        var dropped = new List<object>();
        var droppedCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pool in manager.Pools)
        {
            if (poolFilter.Length > 0 && pool.Name != poolFilter) continue;
            if (showActive)
            {
                foreach (var t in pool.ActiveTargets.OrderBy(t => t.ScrapeUrlText, StringComparer.Ordinal))
                {
                    active.Add(ActiveTarget(pool, t));
                }
            }
            if (showDropped)
            {
                foreach (var d in pool.DroppedTargets)
                {
                    dropped.Add(new Dictionary<string, object?>
                    {
                        ["discoveredLabels"] = LabelsJson.ToDictionary(d.DiscoveredLabels),
                        ["scrapePool"] = d.ScrapePool,
                    });
                }
                droppedCounts[pool.Name] = pool.DroppedCount;
            }
        }
        var data = new Dictionary<string, object?>();
        data["activeTargets"] = showActive ? active : new List<object>();
        data["droppedTargets"] = showDropped ? dropped : new List<object>();
        data["droppedTargetCounts"] = droppedCounts;
        if (RbacDenialsJson.For(rbac, poolFilter) is { Count: > 0 } denials) data["kubernetesRbacDenials"] = denials;
        return ApiResponse.Success(data);
    }

    private static Dictionary<string, object?> ActiveTarget(ScrapePool pool, Target t)
    {
        var status = t.Status;
        return new Dictionary<string, object?>
        {
            ["discoveredLabels"] = LabelsJson.ToDictionary(t.DiscoveredLabels),
            ["labels"] = LabelsJson.ToDictionary(t.PublicLabels),
            ["scrapePool"] = pool.Name,
            ["scrapeUrl"] = t.ScrapeUrlText,
            ["globalUrl"] = t.ScrapeUrlText,
            ["lastError"] = status.LastError,
            ["lastScrape"] = ApiParams.FormatTime(status.LastScrape),
            ["lastScrapeDuration"] = status.LastScrapeDuration.TotalSeconds,
            ["health"] = status.Health switch { TargetHealth.Up => "up", TargetHealth.Down => "down", _ => "unknown" },
            ["scrapeInterval"] = PromDuration.Format(t.Interval),
            ["scrapeTimeout"] = PromDuration.Format(t.Timeout),
        };
    }

    private static IResult TargetMetadata(HttpRequest request, ScrapeManager manager)
    {
        var limit = ApiParams.ParseLimit(request.Query["limit"]);
        var metric = request.Query["metric"].ToString();
        var matchTarget = request.Query["match_target"].ToString();
        Matcher[]? matchers = matchTarget.Length > 0 ? SelectorParser.Parse(matchTarget, "match_target") : null;
        var result = new List<object>();
        foreach (var pool in manager.Pools)
        {
            foreach (var t in pool.ActiveTargets)
            {
                if (matchers is not null && !MatchesAll(matchers, t.PublicLabels)) continue;
                foreach (var (name, md) in t.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (metric.Length > 0 && name != metric) continue;
                    if (limit > 0 && result.Count >= limit) return ApiResponse.Success(result);
                    result.Add(new Dictionary<string, object?>
                    {
                        ["target"] = LabelsJson.ToDictionary(t.PublicLabels),
                        ["metric"] = name,
                        ["type"] = md.Type.ToApiString(),
                        ["help"] = md.Help,
                        ["unit"] = md.Unit,
                    });
                }
            }
        }
        if (metric.Length > 0 && result.Count == 0 && matchers is null)
            return ApiResponse.Error(ApiErrorType.NotFound, "specified metadata not found");
        return ApiResponse.Success(result);
    }

    private static IResult Metadata(HttpRequest request, ScrapeManager manager)
    {
        var limit = ApiParams.ParseLimit(request.Query["limit"]);
        var perMetric = ApiParams.ParseLimit(request.Query["limit_per_metric"], "limit_per_metric");
        var metric = request.Query["metric"].ToString();
        var result = new SortedDictionary<string, List<MetricMetadata>>(StringComparer.Ordinal);
        foreach (var pool in manager.Pools)
        {
            foreach (var t in pool.ActiveTargets)
            {
                foreach (var (name, md) in t.Metadata)
                {
                    if (metric.Length > 0 && name != metric) continue;
                    if (!result.TryGetValue(name, out var list)) result[name] = list = [];
                    if (!list.Contains(md)) list.Add(md);
                }
            }
        }
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, list) in result)
        {
            if (limit > 0 && data.Count >= limit) break;
            var items = perMetric > 0 ? list.Take(perMetric) : list;
            data[name] = items.Select(m => new Dictionary<string, string> { ["type"] = m.Type.ToApiString(), ["help"] = m.Help, ["unit"] = m.Unit }).ToList();
        }
        return ApiResponse.Success(data);
    }

    private static bool MatchesAll(Matcher[] matchers, LabelSet labels)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(labels.Get(m.Name))) return false;
        }
        return true;
    }
}
