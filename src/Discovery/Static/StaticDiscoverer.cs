using System.Globalization;
using System.Threading.Channels;
using MetricsServer.Config;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Static;

/// <summary>
/// The targets of a job's <c>static_configs</c>: one group per entry, its source the entry's index. They never
/// change, so the discoverer sends them once and then waits to be cancelled.
/// </summary>
public sealed class StaticDiscoverer : IDiscoverer
{
    private readonly TargetGroup[] _groups;

    public StaticDiscoverer(IReadOnlyList<StaticConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        _groups = new TargetGroup[configs.Count];
        for (var i = 0; i < configs.Count; i++) _groups[i] = ToGroup(configs[i], i);
    }

    /// <summary>The groups this discoverer sends.</summary>
    public IReadOnlyList<TargetGroup> Groups => _groups;

    public async Task RunAsync(ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        try
        {
            await updates.WriteAsync(_groups, cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how a discoverer is told to stop; it is not a failure.
        }
    }

    private static TargetGroup ToGroup(StaticConfig config, int index)
    {
        var targets = new LabelSet[config.Targets.Count];
        for (var i = 0; i < targets.Length; i++) targets[i] = LabelSet.FromStrings(LabelNames.Address, config.Targets[i]);
        var labels = new Label[config.Labels.Count];
        var n = 0;
        foreach (var (name, value) in config.Labels) labels[n++] = new Label(name, value);
        return new TargetGroup(index.ToString(CultureInfo.InvariantCulture), targets, LabelSet.FromUnsorted(labels));
    }
}
