namespace MetricsServer.Web.Api;

/// <summary>Prometheus's API error kinds, each with its <c>errorType</c> string and HTTP status, in one table.</summary>
public enum ApiErrorType
{
    BadData,
    Execution,
    Canceled,
    Timeout,
    Internal,
    Unavailable,
    NotFound,
    NotAcceptable,
}

/// <summary>An error the API reports in its envelope.</summary>
public sealed class ApiError : Exception
{
    public ApiError(ApiErrorType type, string message) : base(message) => Type = type;

    public ApiError() : this(ApiErrorType.Internal, "internal error") { }

    public ApiError(string message) : this(ApiErrorType.Internal, message) { }

    public ApiError(string message, Exception inner) : base(message, inner) => Type = ApiErrorType.Internal;

    public ApiErrorType Type { get; }

    public static (string ErrorType, int Status) Describe(ApiErrorType type) => type switch
    {
        ApiErrorType.BadData => ("bad_data", 400),
        ApiErrorType.Execution => ("execution", 422),
        ApiErrorType.Canceled => ("canceled", 499),
        ApiErrorType.Timeout => ("timeout", 503),
        ApiErrorType.Internal => ("internal", 500),
        ApiErrorType.Unavailable => ("unavailable", 503),
        ApiErrorType.NotFound => ("not_found", 404),
        ApiErrorType.NotAcceptable => ("not_acceptable", 406),
        _ => ("internal", 500),
    };
}
