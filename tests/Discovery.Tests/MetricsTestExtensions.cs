using System.Globalization;
using System.Text;
using Prometheus;

namespace MetricsServer.Discovery.Tests;

/// <summary>Reads values back from a registry's exposition, for metrics whose API does not expose them.</summary>
internal static class MetricsTestExtensions
{
    /// <summary>The value of the sample line starting with <paramref name="series"/> (name and labels as exposed), or null.</summary>
    public static async Task<double?> SampleValueAsync(this CollectorRegistry registry, string series)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        foreach (var line in Encoding.UTF8.GetString(stream.ToArray()).Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture);
        }
        return null;
    }
}
