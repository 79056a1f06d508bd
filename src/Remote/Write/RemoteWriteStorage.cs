using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Remote.Write;

/// <summary>
/// The running queues, one per <c>remote_write</c> entry. A config is applied as Prometheus does on reload: a queue
/// whose entry (with the external labels) is unchanged keeps running untouched; changed or removed ones are stopped
/// (flushing what they hold) and new ones start following the WAL from the moment they start. Calls to
/// <see cref="ApplyConfigAsync"/> are serialised.
/// </summary>
public sealed class RemoteWriteStorage : IAsyncDisposable
{
    private readonly IWalSource _wal;
    private readonly Func<RemoteWriteConfig, HttpClient> _httpClients;
    private readonly RemoteWriteMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, (QueueManager Queue, HttpClient Http)> _queues = [];

    /// <param name="wal">The WAL the queues follow.</param>
    /// <param name="httpClients">Builds the client for an entry (TLS, authentication, proxy); the storage disposes it with its queue.</param>
    /// <param name="metrics">The sender's metric families.</param>
    /// <param name="clock">Time source for batching, backoff and start timestamps.</param>
    /// <param name="loggers">Logger factory.</param>
    public RemoteWriteStorage(IWalSource wal, Func<RemoteWriteConfig, HttpClient> httpClients, RemoteWriteMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    {
        _wal = wal;
        _httpClients = httpClients;
        _metrics = metrics;
        _clock = clock;
        _loggers = loggers;
    }

    /// <summary>The queues running now, in no particular order.</summary>
    public IReadOnlyList<QueueManager> Queues => [.. _queues.Values.Select(q => q.Queue)];

    /// <summary>Starts, keeps and stops queues so that exactly the entries of <paramref name="config"/> run.</summary>
    public async Task ApplyConfigAsync(PrometheusConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var external = ExternalLabels(config.Global.ExternalLabels);
            var next = new Dictionary<string, (QueueManager, HttpClient)>(StringComparer.Ordinal);
            var start = new List<QueueManager>();
            foreach (var entry in config.RemoteWrite)
            {
                var hash = Hash(entry, external);
                if (next.ContainsKey(hash)) continue;
                if (_queues.Remove(hash, out var running))
                {
                    next[hash] = running;
                    continue;
                }
                var options = new QueueManagerOptions
                {
                    Name = string.IsNullOrEmpty(entry.Name) ? hash[..6] : entry.Name,
                    Url = new Uri(entry.Url),
                    RemoteTimeout = entry.RemoteTimeout,
                    Headers = entry.Headers,
                    Queue = entry.QueueConfig,
                    WriteRelabel = RelabelRules.Compile(entry.WriteRelabelConfigs),
                    ExternalLabels = external,
                };
                var http = _httpClients(entry);
                var queue = new QueueManager(options, http, _wal, _metrics.ForQueue(options.Name, entry.Url), _clock, _loggers.CreateLogger<QueueManager>());
                next[hash] = (queue, http);
                start.Add(queue);
            }
            var stopping = _queues;
            _queues = next;
            await StopAsync(stopping.Values).ConfigureAwait(false);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var q in start) q.Start(now);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var stopping = _queues;
            _queues = [];
            await StopAsync(stopping.Values).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        _gate.Dispose();
    }

    private static async Task StopAsync(IEnumerable<(QueueManager Queue, HttpClient Http)> queues)
    {
        var all = queues.ToList();
        await Task.WhenAll(all.Select(q => q.Queue.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (var q in all) q.Http.Dispose();
    }

    private static LabelSet ExternalLabels(Dictionary<string, string> labels)
    {
        var list = new List<Label>(labels.Count);
        foreach (var (k, v) in labels)
        {
            if (v.Length > 0) list.Add(new Label(k, v));
        }
        return LabelSet.FromUnsorted([.. list]);
    }

    /// <summary>The identity of a queue: its whole entry, secrets included, and the external labels.</summary>
    internal static string Hash(RemoteWriteConfig entry, LabelSet external)
    {
        var json = JsonSerializer.Serialize(entry) + "\n" + external;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
