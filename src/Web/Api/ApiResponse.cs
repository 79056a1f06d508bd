using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricsServer.Web.Api;

/// <summary>Writes Prometheus's JSON envelope: <c>status</c>, <c>data</c>, <c>errorType</c>, <c>error</c>, <c>warnings</c>.</summary>
public static class ApiResponse
{
    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Success(object? data, IReadOnlyList<string>? warnings = null)
    {
        var body = new Dictionary<string, object?> { ["status"] = "success", ["data"] = data };
        if (warnings is { Count: > 0 }) body["warnings"] = warnings;
        return Results.Json(body, Json);
    }

    public static IResult Error(ApiErrorType type, string message, object? data = null)
    {
        var (errorType, status) = ApiError.Describe(type);
        var body = new Dictionary<string, object?> { ["status"] = "error", ["errorType"] = errorType, ["error"] = message };
        if (data is not null) body["data"] = data;
        return Results.Json(body, Json, statusCode: status);
    }

    /// <summary>Runs an API handler, turning <see cref="ApiError"/> into its envelope.</summary>
    public static IResult Handle(Func<IResult> handler)
    {
        try
        {
            return handler();
        }
        catch (ApiError e)
        {
            return Error(e.Type, e.Message);
        }
    }
}
