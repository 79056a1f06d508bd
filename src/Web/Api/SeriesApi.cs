using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Web.Api;

/// <summary><c>/api/v1/series</c>, <c>/api/v1/labels</c> and <c>/api/v1/label/&lt;name&gt;/values</c> over the storage seam.</summary>
public static class SeriesApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapMethods("/series", ["GET", "POST"], async (HttpRequest r, IQueryableStorage s) => Handle(await ApiParams.ReadAsync(r), p => Series(p, s)));
        api.MapMethods("/labels", ["GET", "POST"], async (HttpRequest r, IQueryableStorage s) => Handle(await ApiParams.ReadAsync(r), p => LabelNamesOf(p, s)));
        api.MapGet("/label/{name}/values", async (string name, HttpRequest r, IQueryableStorage s) => Handle(await ApiParams.ReadAsync(r), p => LabelValuesOf(name, p, s)));
    }

    private static IResult Handle(Dictionary<string, List<string>> p, Func<Dictionary<string, List<string>>, IResult> handler) =>
        ApiResponse.Handle(() => handler(p));

    private static IResult Series(Dictionary<string, List<string>> p, IQueryableStorage storage)
    {
        var selectors = p.All("match[]");
        if (selectors.Count == 0) throw new ApiError(ApiErrorType.BadData, "no match[] parameter provided");
        var (start, end) = Range(p);
        var limit = ApiParams.ParseLimit(p.First("limit"));
        using var querier = storage.Querier(start, end);
        var seen = new HashSet<LabelSet>();
        var result = new List<Dictionary<string, string>>();
        var warnings = new List<string>();
        foreach (var selector in selectors)
        {
            var set = querier.Select(true, new SelectHints(start, end, Function: "series"), SelectorParser.Parse(selector));
            while (set.MoveNext())
            {
                if (seen.Add(set.Current.Labels)) result.Add(LabelsJson.ToDictionary(set.Current.Labels));
            }
            if (set.Error is { } error) throw new ApiError(ApiErrorType.Execution, error.Message);
            warnings.AddRange(set.Warnings);
        }
        result.Sort(static (a, b) => CompareLabels(a, b));
        if (limit > 0 && result.Count > limit)
        {
            result.RemoveRange(limit, result.Count - limit);
            warnings.Add("results truncated due to limit");
        }
        return ApiResponse.Success(result, warnings);
    }

    private static IResult LabelNamesOf(Dictionary<string, List<string>> p, IQueryableStorage storage)
    {
        var (start, end) = Range(p);
        var limit = ApiParams.ParseLimit(p.First("limit"));
        using var querier = storage.Querier(start, end);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var selectors = p.All("match[]");
        if (selectors.Count == 0) names.UnionWith(querier.LabelNames());
        foreach (var selector in selectors) names.UnionWith(querier.LabelNames(SelectorParser.Parse(selector)));
        return Limited(names, limit);
    }

    private static IResult LabelValuesOf(string name, Dictionary<string, List<string>> p, IQueryableStorage storage)
    {
        if (!LabelNames.IsValidLabelName(name) && !name.StartsWith("U__", StringComparison.Ordinal))
            throw new ApiError(ApiErrorType.BadData, $"invalid label name: \"{name}\"");
        var (start, end) = Range(p);
        var limit = ApiParams.ParseLimit(p.First("limit"));
        using var querier = storage.Querier(start, end);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        var selectors = p.All("match[]");
        if (selectors.Count == 0) values.UnionWith(querier.LabelValues(name));
        foreach (var selector in selectors) values.UnionWith(querier.LabelValues(name, SelectorParser.Parse(selector)));
        return Limited(values, limit);
    }

    private static IResult Limited(SortedSet<string> items, int limit)
    {
        var list = limit > 0 ? items.Take(limit).ToList() : items.ToList();
        var warnings = limit > 0 && items.Count > limit ? new[] { "results truncated due to limit" } : null;
        return ApiResponse.Success(list, warnings);
    }

    private static (long Start, long End) Range(Dictionary<string, List<string>> p)
    {
        var start = ApiParams.ParseTime(p.First("start"), "start", ApiParams.MinTimeMs);
        var end = ApiParams.ParseTime(p.First("end"), "end", ApiParams.MaxTimeMs);
        if (end < start) throw new ApiError(ApiErrorType.BadData, "invalid parameter \"end\": end timestamp must not be before start time");
        return (start, end);
    }

    private static int CompareLabels(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        using var ea = a.GetEnumerator();
        using var eb = b.GetEnumerator();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb) return ha == hb ? 0 : ha ? 1 : -1;
            var c = string.CompareOrdinal(ea.Current.Key, eb.Current.Key);
            if (c != 0) return c;
            c = string.CompareOrdinal(ea.Current.Value, eb.Current.Value);
            if (c != 0) return c;
        }
    }
}
