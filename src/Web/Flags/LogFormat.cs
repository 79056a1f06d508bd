namespace MetricsServer.Web.Flags;

/// <summary>The values of <c>--log.format</c>.</summary>
public enum LogFormat
{
    Logfmt,
    Json,
}
