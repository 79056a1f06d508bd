namespace MetricsServer.Model.Time;

/// <summary>Timestamps are milliseconds since the Unix epoch, as in Prometheus's storage.</summary>
public static class Timestamp
{
    public static long FromDateTimeOffset(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToDateTimeOffset(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
