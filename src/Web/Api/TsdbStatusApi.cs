using System.Globalization;
using MetricsServer.Tsdb;
using MetricsServer.Web.Hosting;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>/api/v1/status/tsdb</c> (head statistics and top cardinalities, with <c>limit</c>) and
/// <c>/api/v1/status/walreplay</c> (the replay's segment progress), in Prometheus's JSON shapes.
/// </summary>
public static class TsdbStatusApi
{
    public const int DefaultLimit = 10;

    /// <summary>Prometheus's cap on <c>limit</c>: each ranking is bounded, so the walk's memory is too.</summary>
    public const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/status/tsdb", (HttpRequest request, Head head) =>
            ApiResponse.Handle(() => ApiResponse.Success(Describe(head.Statistics(ParseLimit(request.Query["limit"]))))));
        // Served before the server is ready: a startup probe watches the replay through it.
        api.MapGet("/status/walreplay", (Db db) => ApiResponse.Success(Describe(db.ReplayStatus))).AllowBeforeReady();
    }

    /// <summary>Prometheus's rule: an integer from 1 to <see cref="MaxLimit"/>, 10 when absent.</summary>
    internal static int ParseLimit(string? text)
    {
        if (string.IsNullOrEmpty(text)) return DefaultLimit;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 1)
            throw new ApiError(ApiErrorType.BadData, "limit must be a positive number");
        if (limit > MaxLimit) throw new ApiError(ApiErrorType.BadData, $"limit must not exceed {MaxLimit}");
        return limit;
    }

    private static Dictionary<string, object> Describe(HeadStatistics s) => new()
    {
        ["headStats"] = new Dictionary<string, long>
        {
            ["numSeries"] = s.NumSeries,
            ["numLabelPairs"] = s.NumLabelPairs,
            ["chunkCount"] = s.ChunkCount,
            ["minTime"] = s.MinTime,
            ["maxTime"] = s.MaxTime,
        },
        ["seriesCountByMetricName"] = Describe(s.SeriesCountByMetricName),
        ["labelValueCountByLabelName"] = Describe(s.LabelValueCountByLabelName),
        ["memoryInBytesByLabelName"] = Describe(s.MemoryInBytesByLabelName),
        ["seriesCountByLabelValuePair"] = Describe(s.SeriesCountByLabelValuePair),
    };

    private static List<Dictionary<string, object>> Describe(IReadOnlyList<CardinalityStat> stats)
    {
        var result = new List<Dictionary<string, object>>(stats.Count);
        foreach (var stat in stats) result.Add(new Dictionary<string, object> { ["name"] = stat.Name, ["value"] = stat.Count });
        return result;
    }

    /// <summary>
    /// Prometheus sends <c>min</c>, <c>max</c> and <c>current</c> only (its documentation shows a <c>state</c> field
    /// too, but the server has never sent one). Before the replay starts they are 0, as Prometheus's are.
    /// </summary>
    private static Dictionary<string, int> Describe(WalReplayStatus status)
    {
        var (min, max, current, _) = status.Read();
        return new Dictionary<string, int>
        {
            ["min"] = Math.Max(0, min),
            ["max"] = Math.Max(0, max),
            ["current"] = Math.Max(0, current),
        };
    }
}
