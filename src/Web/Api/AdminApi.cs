using MetricsServer.Model.Labels;
using MetricsServer.Tsdb;
using MetricsServer.Tsdb.Blocks;
using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Api;

/// <summary>
/// Prometheus's TSDB admin API (<c>/api/v1/admin/tsdb/*</c>, POST or PUT): delete_series and clean_tombstones
/// answer 204 No Content, snapshot answers <c>{"name": "&lt;snapshot&gt;"}</c>. Without <c>--web.enable-admin-api</c>
/// every call is refused as Prometheus refuses it: <c>unavailable</c>, "admin APIs disabled", 503.
/// </summary>
public static class AdminApi
{
    public const string DisabledMessage = "admin APIs disabled";

    public static void Map(IEndpointRouteBuilder api)
    {
        string[] methods = ["POST", "PUT"];
        api.MapMethods("/admin/tsdb/delete_series", methods, async (HttpRequest r) => await HandleAsync(r, DeleteSeries));
        api.MapMethods("/admin/tsdb/clean_tombstones", methods, async (HttpRequest r) => await HandleAsync(r, CleanTombstones));
        api.MapMethods("/admin/tsdb/snapshot", methods, async (HttpRequest r) => await HandleAsync(r, Snapshot));
    }

    /// <summary>The disabled check comes before the parameters are read, as in Prometheus; the work runs off the request thread.</summary>
    private static async Task<IResult> HandleAsync(HttpRequest request, Func<Dictionary<string, List<string>>, Db, IResult> handler)
    {
        var services = request.HttpContext.RequestServices;
        if (services.GetService<ServerOptions>() is not { WebEnableAdminApi: true })
            return ApiResponse.Error(ApiErrorType.Unavailable, DisabledMessage);
        var p = await ApiParams.ReadAsync(request).ConfigureAwait(false);
        return await Task.Run(() => ApiResponse.Handle(() =>
        {
            var db = services.GetService<Db>() ?? throw new ApiError(ApiErrorType.Unavailable, "TSDB not ready");
            return handler(p, db);
        })).ConfigureAwait(false);
    }

    private static IResult DeleteSeries(Dictionary<string, List<string>> p, Db db)
    {
        var selectors = p.All("match[]");
        if (selectors.Count == 0) throw new ApiError(ApiErrorType.BadData, "no match[] parameter provided");
        // Missing bounds mean all time, as Prometheus's far minimum and maximum times do.
        var start = ApiParams.ParseTime(p.First("start"), "start", long.MinValue);
        var end = ApiParams.ParseTime(p.First("end"), "end", long.MaxValue);
        var matchers = new List<Matcher[]>(selectors.Count);
        foreach (var s in selectors) matchers.Add(SelectorParser.Parse(s));
        try
        {
            db.Delete(start, end, matchers);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new ApiError(ApiErrorType.Internal, e.Message);
        }
        return Results.NoContent();
    }

    private static IResult CleanTombstones(Dictionary<string, List<string>> p, Db db)
    {
        try
        {
            db.CleanTombstones();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new ApiError(ApiErrorType.Internal, e.Message);
        }
        return Results.NoContent();
    }

    private static IResult Snapshot(Dictionary<string, List<string>> p, Db db)
    {
        var skipHead = false;
        if (p.First("skip_head") is { Length: > 0 } text && !TryParseGoBool(text, out skipHead))
            throw new ApiError(ApiErrorType.BadData, $"unable to parse boolean 'skip_head' argument: strconv.ParseBool: parsing \"{text}\": invalid syntax");
        string name;
        try
        {
            name = db.CreateSnapshot(withHead: !skipHead);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw new ApiError(ApiErrorType.Internal, $"create snapshot: {e.Message}");
        }
        return ApiResponse.Success(new Dictionary<string, string> { ["name"] = name });
    }

    /// <summary>The spellings Go's strconv.ParseBool accepts, which is what Prometheus parses skip_head with.</summary>
    internal static bool TryParseGoBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool IsStorageFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or BlockFormatException or InvalidOperationException;
}
