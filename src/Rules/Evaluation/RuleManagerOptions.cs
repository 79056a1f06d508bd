using MetricsServer.Model.Storage;
using MetricsServer.Query.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsServer.Rules.Evaluation;

/// <summary>The rule manager's collaborators and the <c>--rules.alert.*</c> settings. Immutable.</summary>
public sealed record RuleManagerOptions
{
    public required PromQLEngine Engine { get; init; }
    public required IQueryableStorage Queryable { get; init; }
    public required IAppendable Appendable { get; init; }
    public required RuleMetrics Metrics { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public INotifier Notifier { get; init; } = NullNotifier.Instance;
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    /// <summary><c>--rules.alert.for-outage-tolerance</c>: how far back restoring looks for <c>ALERTS_FOR_STATE</c>.</summary>
    public TimeSpan OutageTolerance { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>--rules.alert.for-grace-period</c>: the least time a restored alert waits before firing.</summary>
    public TimeSpan ForGracePeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--rules.alert.resend-delay</c>.</summary>
    public TimeSpan ResendDelay { get; init; } = TimeSpan.FromMinutes(1);
}
