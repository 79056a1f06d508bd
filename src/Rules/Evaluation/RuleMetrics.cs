using Prometheus;

namespace MetricsServer.Rules.Evaluation;

/// <summary>The rule manager's metrics under Prometheus's names; per-group series carry <c>rule_group="file;group"</c>.</summary>
public sealed class RuleMetrics
{
    public RuleMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        EvalDuration = f.CreateSummary("prometheus_rule_evaluation_duration_seconds", "The duration for a rule to execute.",
            new SummaryConfiguration { Objectives = [new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)] });
        GroupDuration = f.CreateSummary("prometheus_rule_group_duration_seconds", "The duration of rule group evaluations.",
            new SummaryConfiguration { Objectives = [new(0.01, 0.001), new(0.05, 0.005), new(0.5, 0.05), new(0.9, 0.01), new(0.99, 0.001)] });
        IterationsMissed = f.CreateCounter("prometheus_rule_group_iterations_missed_total", "The total number of rule group evaluations missed due to slow rule group evaluation.", "rule_group");
        IterationsScheduled = f.CreateCounter("prometheus_rule_group_iterations_total", "The total number of scheduled rule group evaluations, whether executed or missed.", "rule_group");
        Evaluations = f.CreateCounter("prometheus_rule_evaluations_total", "The total number of rule evaluations.", "rule_group");
        EvaluationFailures = f.CreateCounter("prometheus_rule_evaluation_failures_total", "The total number of rule evaluation failures.", "rule_group");
        GroupInterval = f.CreateGauge("prometheus_rule_group_interval_seconds", "The interval of a rule group.", "rule_group");
        LastEvaluation = f.CreateGauge("prometheus_rule_group_last_evaluation_timestamp_seconds", "The timestamp of the last rule group evaluation in seconds.", "rule_group");
        LastDuration = f.CreateGauge("prometheus_rule_group_last_duration_seconds", "The duration of the last rule group evaluation.", "rule_group");
        LastRuleDurationSum = f.CreateGauge("prometheus_rule_group_last_rule_duration_sum_seconds", "The sum of time in seconds it took to evaluate each rule in the group regardless of concurrency.", "rule_group");
        LastEvalSamples = f.CreateGauge("prometheus_rule_group_last_evaluation_samples", "The number of samples returned during the last rule group evaluation.", "rule_group");
        GroupRules = f.CreateGauge("prometheus_rule_group_rules", "The number of rules.", "rule_group");
    }

    public Summary EvalDuration { get; }
    public Summary GroupDuration { get; }
    public Counter IterationsMissed { get; }
    public Counter IterationsScheduled { get; }
    public Counter Evaluations { get; }
    public Counter EvaluationFailures { get; }
    public Gauge GroupInterval { get; }
    public Gauge LastEvaluation { get; }
    public Gauge LastDuration { get; }
    public Gauge LastRuleDurationSum { get; }
    public Gauge LastEvalSamples { get; }
    public Gauge GroupRules { get; }

    /// <summary>Creates the group's series at zero, as Prometheus does when a group is loaded.</summary>
    internal void Register(string key, TimeSpan interval, int rules)
    {
        IterationsMissed.WithLabels(key);
        IterationsScheduled.WithLabels(key);
        Evaluations.WithLabels(key);
        EvaluationFailures.WithLabels(key);
        GroupInterval.WithLabels(key).Set(interval.TotalSeconds);
        GroupRules.WithLabels(key).Set(rules);
        LastEvaluation.WithLabels(key);
        LastDuration.WithLabels(key);
        LastRuleDurationSum.WithLabels(key);
        LastEvalSamples.WithLabels(key);
    }

    /// <summary>Drops a removed group's series.</summary>
    internal void Unregister(string key)
    {
        IterationsMissed.RemoveLabelled(key);
        IterationsScheduled.RemoveLabelled(key);
        Evaluations.RemoveLabelled(key);
        EvaluationFailures.RemoveLabelled(key);
        GroupInterval.RemoveLabelled(key);
        GroupRules.RemoveLabelled(key);
        LastEvaluation.RemoveLabelled(key);
        LastDuration.RemoveLabelled(key);
        LastRuleDurationSum.RemoveLabelled(key);
        LastEvalSamples.RemoveLabelled(key);
    }
}
