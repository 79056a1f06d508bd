namespace MetricsServer.Rules.Loading;

/// <summary>
/// One or more rule files failed to load. <see cref="Errors"/> holds every problem found, each naming file, line,
/// group and rule as <c>promtool check rules</c> does (<c>rules.yml: 5:15: group "g", rule 1, "r": ...</c>).
/// </summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException()
        : this("invalid rule file")
    {
    }

    public RuleFileException(string message)
        : this([message])
    {
    }

    public RuleFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public RuleFileException(IReadOnlyList<string> errors)
        : base(string.Join("\n", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
