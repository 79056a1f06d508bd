using MetricsServer.Model.Storage;

namespace MetricsServer.Model.Tests.Storage;

public sealed class StaleMarkerTests
{
    [Fact]
    public void Value_HasPrometheusBitPattern()
    {
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(StaleMarker.Value));
        Assert.True(double.IsNaN(StaleMarker.Value));
    }

    [Fact]
    public void IsStale_OrdinaryNaN_IsNot()
    {
        Assert.False(StaleMarker.IsStale(double.NaN));
        Assert.True(StaleMarker.IsStale(StaleMarker.Value));
    }
}
