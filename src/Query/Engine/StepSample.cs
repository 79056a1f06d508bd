using MetricsServer.Model.Labels;

namespace MetricsServer.Query.Engine;

/// <summary>
/// One element of an instant vector during evaluation. <see cref="T"/> is the sample's own timestamp when the
/// element comes straight from a vector selector (so <c>timestamp()</c> can read it), and the step time otherwise.
/// <see cref="DropName"/> marks a metric name that delayed name removal takes off when the query ends.
/// </summary>
internal readonly record struct StepSample(LabelSet Metric, long T, double F, bool DropName = false);
