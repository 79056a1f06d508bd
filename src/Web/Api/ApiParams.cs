using System.Globalization;

namespace MetricsServer.Web.Api;

/// <summary>Parses API parameters as Prometheus does: times as RFC 3339 or Unix seconds, durations, limits.</summary>
public static class ApiParams
{
    /// <summary>The minimum and maximum times Prometheus substitutes for a missing start or end.</summary>
    public static readonly long MinTimeMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    public static readonly long MaxTimeMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static long ParseTime(string? text, string name, long fallbackMs)
    {
        if (string.IsNullOrEmpty(text)) return fallbackMs;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds))
                throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid timestamp");
            return (long)Math.Round(seconds * 1000);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeMilliseconds();
        throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid timestamp");
    }

    public static int ParseLimit(string? text, string name = "limit")
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid limit");
        return limit < 0 ? 0 : limit;
    }

    /// <summary>RFC 3339 with fractional seconds, as Go prints <c>time.Time</c> in JSON.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time == default ? "0001-01-01T00:00:00Z" : time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>All values of a form or query parameter, GET and form POST alike.</summary>
    public static async Task<Dictionary<string, List<string>>> ReadAsync(HttpRequest request)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query) Add(result, key, values);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            foreach (var (key, values) in form) Add(result, key, values);
        }
        return result;
    }

    private static void Add(Dictionary<string, List<string>> result, string key, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (!result.TryGetValue(key, out var list)) result[key] = list = [];
        foreach (var v in values) if (v is not null) list.Add(v);
    }

    public static string? First(this Dictionary<string, List<string>> p, string key) =>
        p.TryGetValue(key, out var l) && l.Count > 0 ? l[0] : null;

    public static IReadOnlyList<string> All(this Dictionary<string, List<string>> p, string key) =>
        p.TryGetValue(key, out var l) ? l : [];
}
