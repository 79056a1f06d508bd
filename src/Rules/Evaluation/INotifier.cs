namespace MetricsServer.Rules.Evaluation;

/// <summary>
/// Where firing and resolved alerts go (the Alertmanager notifier). Called from group evaluation after each
/// alerting rule, with alerts due for (re)sending; must not block: implementations queue and return. Thread-safe.
/// </summary>
public interface INotifier
{
    void Send(IReadOnlyList<NotifierAlert> alerts);
}

/// <summary>An alert as sent to Alertmanager: <see cref="EndsAt"/> is the resolve time, or a validity horizon while firing.</summary>
public sealed record NotifierAlert(
    Model.Labels.LabelSet Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string GeneratorUrl);

/// <summary>Drops every alert: the notifier when no Alertmanager is configured.</summary>
public sealed class NullNotifier : INotifier
{
    public static readonly NullNotifier Instance = new();

    public void Send(IReadOnlyList<NotifierAlert> alerts)
    {
    }
}
