using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Storage;

namespace MetricsServer.Remote.Read;

/// <summary>
/// Local storage with the <c>remote_read</c> endpoints merged in (<see cref="MergeQuerier"/>, local first so that
/// its sample wins a shared timestamp). <see cref="ApplyConfig"/> swaps the endpoints on reload; queriers already
/// open keep the ones they started with. Thread-safe.
/// </summary>
public sealed class RemoteReadStorage : IQueryableStorage, IDisposable
{
    private readonly IQueryableStorage _local;
    private readonly Func<long> _localStartTimeMs;
    private readonly Func<RemoteReadConfig, HttpClient> _httpClients;
    private volatile Endpoints _current = new([], []);

    /// <param name="local">The local storage.</param>
    /// <param name="localStartTimeMs">The oldest local timestamp (<c>long.MaxValue</c> when empty), for <c>read_recent</c>.</param>
    /// <param name="httpClients">Builds the client for an entry (TLS, authentication); this storage disposes it.</param>
    public RemoteReadStorage(IQueryableStorage local, Func<long> localStartTimeMs, Func<RemoteReadConfig, HttpClient> httpClients)
    {
        _local = local;
        _localStartTimeMs = localStartTimeMs;
        _httpClients = httpClients;
    }

    /// <summary>The endpoints in force.</summary>
    public IReadOnlyList<RemoteReadQueryable> Remotes => _current.Remotes;

    public IQuerier Querier(long minTimeMs, long maxTimeMs)
    {
        var remotes = _current.Remotes;
        var local = _local.Querier(minTimeMs, maxTimeMs);
        if (remotes.Length == 0) return local;
        var all = new List<IQuerier>(remotes.Length + 1) { local };
        foreach (var r in remotes)
        {
            if (r.TryQuerier(minTimeMs, maxTimeMs) is { } q) all.Add(q);
        }
        return MergeQuerier.Create(all);
    }

    /// <summary>Replaces the endpoints with those of <paramref name="config"/>.</summary>
    public void ApplyConfig(PrometheusConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var external = LabelSet.FromUnsorted([.. config.Global.ExternalLabels.Where(kv => kv.Value.Length > 0).Select(kv => new Label(kv.Key, kv.Value))]);
        var remotes = new List<RemoteReadQueryable>();
        var clients = new List<HttpClient>();
        for (var i = 0; i < config.RemoteRead.Count; i++)
        {
            var entry = config.RemoteRead[i];
            var http = _httpClients(entry);
            clients.Add(http);
            var options = new RemoteReadClientOptions
            {
                Name = string.IsNullOrEmpty(entry.Name) ? $"remote_read_{i}" : entry.Name,
                RequiredMatchers = LabelSet.FromUnsorted([.. entry.RequiredMatchers.Select(kv => new Label(kv.Key, kv.Value))]),
                ReadRecent = entry.ReadRecent,
                FilterExternalLabels = entry.FilterExternalLabels,
                ExternalLabels = external,
            };
            remotes.Add(new RemoteReadQueryable(new RemoteReadClient(http, new Uri(entry.Url), entry.RemoteTimeout, entry.Headers), options, _localStartTimeMs));
        }
        var old = _current;
        _current = new([.. remotes], [.. clients]);
        // Queriers still using the old clients get an ObjectDisposedException, reported as a warning: acceptable on reload.
        foreach (var c in old.Clients) c.Dispose();
    }

    public void Dispose()
    {
        foreach (var c in _current.Clients) c.Dispose();
        _current = new([], []);
    }

    private sealed record Endpoints(RemoteReadQueryable[] Remotes, HttpClient[] Clients);
}
