namespace MetricsServer.Rules.Loading;

/// <summary>One group of a rule file: rules evaluated in order, at one interval.</summary>
public sealed record RuleGroupDefinition
{
    /// <summary>The file, as the config named it after glob expansion (absolute when the config file was).</summary>
    public required string File { get; init; }

    public required string Name { get; init; }

    /// <summary>The group's interval; null means the global <c>evaluation_interval</c>.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>How far back from the evaluation time rules query and their samples are stamped; null means the global one.</summary>
    public TimeSpan? QueryOffset { get; init; }

    /// <summary>The most series a recording rule or alerts an alerting rule may produce; 0 is no limit.</summary>
    public int Limit { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    public int Line { get; init; }
}
