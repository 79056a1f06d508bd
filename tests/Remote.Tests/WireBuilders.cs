using Google.Protobuf;
using MetricsServer.Remote.Protocol;

namespace MetricsServer.Remote.Tests;

/// <summary>Builds wire messages and compressed bodies for the tests.</summary>
internal static class WireBuilders
{
    public static TimeSeries Series(string[] labels, params (long T, double V)[] samples)
    {
        var ts = new TimeSeries();
        for (var i = 0; i < labels.Length; i += 2) ts.Labels.Add(new Label { Name = labels[i], Value = labels[i + 1] });
        foreach (var (t, v) in samples) ts.Samples.Add(new Sample { Timestamp = t, Value = v });
        return ts;
    }

    public static byte[] Body(params TimeSeries[] series)
    {
        var request = new WriteRequest();
        request.Timeseries.AddRange(series);
        return SnappyBody.Compress(request.ToByteArray());
    }
}
