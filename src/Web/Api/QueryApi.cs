using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MetricsServer.Model.Storage;
using MetricsServer.Model.Time;
using MetricsServer.Query.Engine;
using MetricsServer.Query.Parsing;
using AstValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Web.Api;

/// <summary>
/// <c>/api/v1/query</c>, <c>/api/v1/query_range</c> and <c>/api/v1/format_query</c>, GET and form POST, as
/// Prometheus's api.md describes them: its parameters, error types and status codes, and its JSON number formats.
/// Queries beyond <c>--query.max-concurrency</c> wait for a slot rather than fail.
/// </summary>
public static class QueryApi
{
    /// <summary>Prometheus refuses range queries of more points than this per series.</summary>
    public const long MaxPointsPerSeries = 11_000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapMethods("/query", ["GET", "POST"], async (HttpRequest r, QueryService q) => await InstantAsync(await ApiParams.ReadAsync(r), q, r.HttpContext.RequestAborted));
        api.MapMethods("/query_range", ["GET", "POST"], async (HttpRequest r, QueryService q) => await RangeAsync(await ApiParams.ReadAsync(r), q, r.HttpContext.RequestAborted));
        api.MapMethods("/format_query", ["GET", "POST"], async (HttpRequest r) =>
        {
            var p = await ApiParams.ReadAsync(r);
            return ApiResponse.Handle(() => ApiResponse.Success(Parse(p).ToString()));
        });
    }

    private static Query.Ast.Expr Parse(Dictionary<string, List<string>> p)
    {
        var text = p.First("query") ?? throw new ApiError(ApiErrorType.BadData, "invalid parameter \"query\": query must not be empty");
        try
        {
            return PromQLParser.Parse(text);
        }
        catch (PromQLParseException e)
        {
            throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"query\": {e.Message}");
        }
    }

    private static async Task<IResult> InstantAsync(Dictionary<string, List<string>> p, QueryService service, CancellationToken aborted)
    {
        try
        {
            var expr = Parse(p);
            var time = ApiParams.ParseTime(p.First("time"), "time", service.NowMs());
            var timeout = ParseTimeout(p.First("timeout"));
            var result = await service.RunAsync((e, ct) => e.Instant(service.Storage, expr, time, ct), timeout, aborted);
            return Write(result);
        }
        catch (ApiError e)
        {
            return ApiResponse.Error(e.Type, e.Message);
        }
    }

    private static async Task<IResult> RangeAsync(Dictionary<string, List<string>> p, QueryService service, CancellationToken aborted)
    {
        try
        {
            var expr = Parse(p);
            var start = ApiParams.ParseTime(p.First("start") ?? throw Missing("start"), "start", 0);
            var end = ApiParams.ParseTime(p.First("end") ?? throw Missing("end"), "end", 0);
            if (end < start) throw new ApiError(ApiErrorType.BadData, "invalid parameter \"end\": end timestamp must not be before start time");
            var step = ParseStep(p.First("step") ?? throw Missing("step"));
            if (step <= 0) throw new ApiError(ApiErrorType.BadData, "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
            if ((end - start) / step > MaxPointsPerSeries)
                throw new ApiError(ApiErrorType.BadData, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
            var timeout = ParseTimeout(p.First("timeout"));
            var result = await service.RunAsync((e, ct) => e.Range(service.Storage, expr, start, end, step, ct), timeout, aborted);
            return Write(result);
        }
        catch (ApiError e)
        {
            return ApiResponse.Error(e.Type, e.Message);
        }
    }

    private static ApiError Missing(string name) => new(ApiErrorType.BadData, $"invalid parameter \"{name}\": cannot parse \"\" to a valid timestamp");

    /// <summary>A step is a duration (<c>15s</c>) or a float number of seconds (<c>15</c>, <c>0.5</c>).</summary>
    private static long ParseStep(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && !double.IsNaN(seconds) && !double.IsInfinity(seconds))
            return (long)Math.Round(seconds * 1000);
        if (PromDuration.TryParse(text, out var d, out _)) return (long)d.TotalMilliseconds;
        throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"step\": cannot parse \"{text}\" to a valid duration");
    }

    private static TimeSpan? ParseTimeout(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (PromDuration.TryParse(text, out var d, out _)) return d;
        throw new ApiError(ApiErrorType.BadData, $"invalid parameter \"timeout\": cannot parse \"{text}\" to a valid duration");
    }

    private static IResult Write(QueryResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("status", "success");
            w.WriteStartObject("data");
            switch (result.Type)
            {
                case AstValueType.Scalar:
                    w.WriteString("resultType", "scalar");
                    w.WritePropertyName("result");
                    PromJson.WritePoint(w, result.T, result.Scalar);
                    break;
                case AstValueType.String:
                    w.WriteString("resultType", "string");
                    w.WriteStartArray("result");
                    w.WriteRawValue(PromJson.FormatTimestamp(result.T));
                    w.WriteStringValue(result.String);
                    w.WriteEndArray();
                    break;
                case AstValueType.Matrix:
                    w.WriteString("resultType", "matrix");
                    w.WriteStartArray("result");
                    foreach (var s in result.Matrix)
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("metric");
                        PromJson.WriteLabels(w, s.Metric);
                        w.WriteStartArray("values");
                        foreach (var (t, f) in s.Floats) PromJson.WritePoint(w, t, f);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                default:
                    w.WriteString("resultType", "vector");
                    w.WriteStartArray("result");
                    foreach (var s in result.Vector)
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("metric");
                        PromJson.WriteLabels(w, s.Metric);
                        w.WritePropertyName("value");
                        PromJson.WritePoint(w, s.T, s.F);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
            }
            w.WriteEndObject();
            if (result.Warnings.Count > 0)
            {
                w.WriteStartArray("warnings");
                foreach (var x in result.Warnings) w.WriteStringValue(x);
                w.WriteEndArray();
            }
            if (result.Infos.Count > 0)
            {
                w.WriteStartArray("infos");
                foreach (var x in result.Infos) w.WriteStringValue(x);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }
}
