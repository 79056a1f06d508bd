using MetricsServer.Model.Labels;
using MetricsServer.Rules.Loading;

namespace MetricsServer.Rules.Evaluation;

/// <summary>A recording rule: its expression's result, renamed to <c>record</c> and labelled, is written back as new series.</summary>
public sealed class RecordingRule(RuleDefinition definition) : Rule(definition)
{
    public override IReadOnlyList<(LabelSet Labels, double Value)> Eval(RuleEvalContext context, DateTimeOffset ts, TimeSpan queryOffset, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var t = (ts - queryOffset).ToUnixTimeMilliseconds();
        var vector = RunQuery(context, Definition.Expr, t, ct);
        var result = new List<(LabelSet, double)>(vector.Count);
        var seen = new HashSet<LabelSet>();
        var builder = new LabelSetBuilder();
        foreach (var sample in vector)
        {
            builder.Reset(sample.Metric).Set(LabelNames.MetricName, Name);
            foreach (var l in Labels)
            {
                if (l.Value.Length == 0) builder.Delete(l.Name);
                else builder.Set(l.Name, l.Value);
            }
            var labels = builder.ToLabelSet();
            if (!seen.Add(labels)) throw new RuleEvaluationException("vector contains metrics with the same labelset after applying rule labels");
            result.Add((labels, sample.F));
        }
        if (limit > 0 && result.Count > limit) throw new RuleEvaluationException($"exceeded limit of {limit} with {result.Count} series");
        return result;
    }
}
