using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

/// <summary>One series of a range vector during evaluation: labels and points in timestamp order.</summary>
internal sealed class RangeSeries(LabelSet metric, List<(long T, double F)> points)
{
    public LabelSet Metric { get; set; } = metric;
    public List<(long T, double F)> Points { get; } = points;

    /// <summary>The metric name is to be dropped when the query ends (delayed name removal; set by subqueries).</summary>
    public bool DropName { get; set; }
}
