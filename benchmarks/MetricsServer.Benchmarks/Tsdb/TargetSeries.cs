using System.Globalization;
using MetricsServer.Model.Labels;

namespace MetricsServer.Benchmarks.Tsdb;

/// <summary>
/// Label sets of a Kubernetes-like fleet for index benchmarks: targets of 1000 series each, spread over 20 jobs and
/// 50 namespaces, every target with its own instance and pod. Each target exposes 10 histograms (5 handlers × 12
/// buckets = 60 series each), 50 counters by status code (4 series each) and 200 single series: 260 metric names.
/// </summary>
internal static class TargetSeries
{
    public const int SeriesPerTarget = 1000;
    public const int Jobs = 20;
    public const int Namespaces = 50;

    private static readonly string[] Handlers = ["/api/v1/query", "/api/v1/query_range", "/api/v1/series", "/api/v1/labels", "/metrics"];
    private static readonly string[] Buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
    private static readonly string[] Codes = ["200", "404", "500", "503"];

    public static string Job(int target) => "job-" + (target % Jobs).ToString(CultureInfo.InvariantCulture);

    public static string Instance(int target) => string.Create(CultureInfo.InvariantCulture, $"10.{target / 65536 % 256}.{target / 256 % 256}.{target % 256}:8080");

    public static string HistogramBucket(int k) => "app_request_duration_seconds_" + k.ToString(CultureInfo.InvariantCulture) + "_bucket";

    /// <summary>
    /// <paramref name="seriesCount"/> (a multiple of <see cref="SeriesPerTarget"/>) label sets, target after target, as
    /// the head would create them on the first scrapes.
    /// </summary>
    public static LabelSet[] Generate(int seriesCount)
    {
        var result = new LabelSet[seriesCount];
        var targets = seriesCount / SeriesPerTarget;
        var n = 0;
        for (var target = 0; target < targets; target++)
        {
            var job = Job(target);
            var instance = Instance(target);
            var ns = "ns-" + (target % Namespaces).ToString(CultureInfo.InvariantCulture);
            var pod = "pod-" + target.ToString("x8", CultureInfo.InvariantCulture);
            for (var h = 0; h < 10; h++)
            {
                var name = HistogramBucket(h);
                foreach (var handler in Handlers)
                {
                    foreach (var le in Buckets) result[n++] = LabelSet.FromStrings("__name__", name, "handler", handler, "instance", instance, "job", job, "le", le, "namespace", ns, "pod", pod);
                }
            }
            for (var c = 0; c < 50; c++)
            {
                var name = "app_events_" + c.ToString(CultureInfo.InvariantCulture) + "_total";
                foreach (var code in Codes) result[n++] = LabelSet.FromStrings("__name__", name, "code", code, "instance", instance, "job", job, "namespace", ns, "pod", pod);
            }
            for (var g = 0; g < 200; g++)
            {
                var name = "app_gauge_" + g.ToString(CultureInfo.InvariantCulture);
                result[n++] = LabelSet.FromStrings("__name__", name, "instance", instance, "job", job, "namespace", ns, "pod", pod);
            }
        }
        return result;
    }
}
