namespace MetricsServer.Tsdb;

/// <summary>Aligned time ranges: blocks and head chunks are cut at multiples of a width (the block duration).</summary>
internal static class TimeRange
{
    /// <summary>The exclusive end of the aligned range of width <paramref name="width"/> holding <paramref name="t"/>.</summary>
    public static long End(long t, long width) => (t >= 0 ? t / width : ((t + 1) / width) - 1) * width + width;
}
