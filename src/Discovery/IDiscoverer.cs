using System.Threading.Channels;

namespace MetricsServer.Discovery;

/// <summary>
/// A service-discovery provider: one per <c>static_configs</c>, <c>file_sd_configs</c> or
/// <c>kubernetes_sd_configs</c> entry (Prometheus's <c>discovery.Discoverer</c>).
/// </summary>
/// <remarks>
/// <para>
/// Contract. <see cref="RunAsync"/> writes target-group sets to <c>updates</c> until
/// <c>cancellationToken</c> is cancelled. Each write is a full or partial set: a group replaces the group with the
/// same <see cref="TargetGroup.Source"/> written earlier by this discoverer, and sources not in the write keep their
/// groups. A group with no targets means every target of that source is gone. Writing an empty list is allowed
/// (it says "nothing has changed, but I have looked").
/// </para>
/// <para>
/// Ordering: writes are applied in the order they were made. The first write should come as soon as the discoverer
/// knows its initial state, so that consumers do not wait for a refresh interval.
/// </para>
/// <para>
/// Ownership: the lists and groups written belong to the reader from then on; the discoverer must not change them.
/// The discoverer never completes <c>updates</c>: its caller does that after <see cref="RunAsync"/> ends.
/// Writes may wait when the reader is slow; pass <c>cancellationToken</c> to them.
/// </para>
/// <para>
/// Cancellation: once <c>cancellationToken</c> is cancelled, <see cref="RunAsync"/> must release what it holds
/// (watchers, timers, informer subscriptions) and complete promptly, returning normally (an
/// <see cref="OperationCanceledException"/> for that token is tolerated too). Any other exception means the
/// discoverer failed and will send nothing more.
/// </para>
/// <para>
/// Thread safety: an instance is run by one caller at a time; <see cref="RunAsync"/> may be called again after
/// an earlier run has completed, and then starts from scratch. Instances may share thread-safe state (a Kubernetes
/// informer shared by several scrape configs, for example) as long as each run's writes follow this contract.
/// </para>
/// </remarks>
public interface IDiscoverer
{
    Task RunAsync(ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken);
}
