using MetricsServer.Query.Ast;

namespace MetricsServer.Rules.Loading;

/// <summary>One rule as written in a rule file: a recording rule (<see cref="Record"/>) or an alerting rule (<see cref="Alert"/>).</summary>
public sealed record RuleDefinition
{
    public string? Record { get; init; }
    public string? Alert { get; init; }

    /// <summary>The expression as written.</summary>
    public required string ExprText { get; init; }

    /// <summary>The parsed expression.</summary>
    public required Expr Expr { get; init; }

    /// <summary>How long an alert stays pending before it fires; zero fires at once.</summary>
    public TimeSpan For { get; init; }

    /// <summary>How long a firing alert keeps firing after its condition stops holding.</summary>
    public TimeSpan KeepFiringFor { get; init; }

    /// <summary>The rule's labels, with the group's labels merged under them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>1-based line of the rule in its file.</summary>
    public int Line { get; init; }

    /// <summary>The recorded metric's or the alert's name.</summary>
    public string Name => Record ?? Alert ?? "";

    public bool IsAlert => Alert is not null;
}
