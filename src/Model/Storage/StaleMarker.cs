namespace MetricsServer.Model.Storage;

/// <summary>
/// Prometheus's staleness marker: a NaN with a specific bit pattern (0x7ff0000000000002), distinct from the NaN a
/// target may expose. Appended when a series or target disappears so that queries stop returning it.
/// </summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool IsStale(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
