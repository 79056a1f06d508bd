using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;

namespace MetricsServer.Remote.Write;

/// <summary>One <c>remote_write</c> entry, resolved: what a <see cref="QueueManager"/> needs.</summary>
public sealed record QueueManagerOptions
{
    /// <summary>The queue's <c>remote_name</c>: the configured name, or a hash of the config as Prometheus does.</summary>
    public required string Name { get; init; }

    public required Uri Url { get; init; }

    public TimeSpan RemoteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra request headers (<c>headers</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public QueueConfig Queue { get; init; } = new();

    /// <summary><c>write_relabel_configs</c>, applied after the external labels are added.</summary>
    public RelabelRules WriteRelabel { get; init; } = RelabelRules.Empty;

    /// <summary><c>global.external_labels</c>; a series' own label of the same name wins.</summary>
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;

    /// <summary>How long a stop waits for the shards to send what they hold (Prometheus's flush deadline).</summary>
    public TimeSpan FlushDeadline { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the desired shard count is recomputed.</summary>
    public TimeSpan ShardUpdateInterval { get; init; } = ShardCalculator.UpdateInterval;
}
