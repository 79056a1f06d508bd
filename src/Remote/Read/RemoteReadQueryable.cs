using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Read;

/// <summary>
/// One <c>remote_read</c> endpoint as a queryable. Without <c>read_recent</c> it prefers local storage as Prometheus
/// does: a range starting after the oldest local sample is not sent at all, and one reaching into local data is
/// cut to end at the oldest local sample.
/// </summary>
public sealed class RemoteReadQueryable : IQueryableStorage
{
    private readonly RemoteReadClient _client;
    private readonly Func<long> _localStartTimeMs;

    /// <param name="client">The endpoint.</param>
    /// <param name="options">The entry.</param>
    /// <param name="localStartTimeMs">The oldest timestamp in local storage (<c>long.MaxValue</c> when empty).</param>
    public RemoteReadQueryable(RemoteReadClient client, RemoteReadClientOptions options, Func<long> localStartTimeMs)
    {
        _client = client;
        Options = options;
        _localStartTimeMs = localStartTimeMs;
    }

    public RemoteReadClientOptions Options { get; }

    /// <summary>A remote querier, or null when the range need not go to the remote.</summary>
    public IQuerier? TryQuerier(long minTimeMs, long maxTimeMs)
    {
        if (!Options.ReadRecent)
        {
            var localStart = _localStartTimeMs();
            if (minTimeMs > localStart) return null;
            if (maxTimeMs > localStart) maxTimeMs = localStart;
        }
        return new RemoteReadQuerier(_client, Options, minTimeMs, maxTimeMs);
    }

    public IQuerier Querier(long minTimeMs, long maxTimeMs) => TryQuerier(minTimeMs, maxTimeMs) ?? MergeQuerier.Create([]);
}
