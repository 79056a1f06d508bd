using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// Keeps a local copy of one (API server, resource, namespace, selectors) up to date, however many discoverers read
/// it: lists, then watches from the list's resourceVersion with bookmarks; a watch that ends is resumed from the last
/// version seen, a broken one after a backoff, and one answered with 410 Gone by a new list, whose differences from
/// the copy go out as changes. Failures are logged and counted, never thrown.
/// </summary>
/// <remarks>
/// Thread-safe. Subscribers get the current objects and <see cref="InformerEventKind.Synced"/> when they subscribe
/// after the first list, then every change, in order, on their own channel. <see cref="DisposeAsync"/> stops the
/// loop and awaits it.
/// </remarks>
internal sealed class Informer : IAsyncDisposable
{
    private readonly KubernetesConnection _connection;
    private readonly KubernetesResource _resource;
    private readonly string? _namespace;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;
    private readonly DiscoveryMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly KubernetesDiscoveryOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IKubernetesObject<V1ObjectMeta>> _objects = new(StringComparer.Ordinal);
    private readonly List<ChannelWriter<InformerEvent>> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _synced;

    public Informer(
        KubernetesConnection connection, KubernetesResource resource, string? ns, string? labelSelector, string? fieldSelector,
        DiscoveryMetrics metrics, ILogger logger, TimeProvider timeProvider, KubernetesDiscoveryOptions options)
    {
        _connection = connection;
        _resource = resource;
        _namespace = ns;
        _labelSelector = string.IsNullOrEmpty(labelSelector) ? null : labelSelector;
        _fieldSelector = string.IsNullOrEmpty(fieldSelector) ? null : fieldSelector;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
        _options = options;
    }

    public KubernetesResource Resource => _resource;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    public void Subscribe(ChannelWriter<InformerEvent> subscriber)
    {
        lock (_lock)
        {
            _subscribers.Add(subscriber);
            if (!_synced) return;
            foreach (var obj in _objects.Values) subscriber.TryWrite(new InformerEvent(this, InformerEventKind.Upsert, obj));
            subscriber.TryWrite(new InformerEvent(this, InformerEventKind.Synced, null));
        }
    }

    public void Unsubscribe(ChannelWriter<InformerEvent> subscriber)
    {
        lock (_lock) _subscribers.Remove(subscriber);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private string What => $"{_resource.Name} objects in {(_namespace is null ? "all namespaces" : "namespace " + _namespace)} at {_connection.Description}";

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        IKubernetes? client = null;
        string? resourceVersion = null;
        var backoff = _options.InitialBackoff;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    client ??= _connection.CreateClient();
                    if (resourceVersion is null)
                    {
                        var (items, listVersion) = await _resource.ListAsync(client, _namespace, _labelSelector, _fieldSelector, cancellationToken).ConfigureAwait(false);
                        Replace(items);
                        resourceVersion = listVersion;
                        backoff = _options.InitialBackoff;
                    }
                    Exception? streamError = null;
                    var events = _resource.WatchAsync(client, _namespace, _labelSelector, _fieldSelector, resourceVersion, e => streamError ??= e, cancellationToken);
                    await foreach (var (type, obj) in events.ConfigureAwait(false))
                    {
                        resourceVersion = Apply(type, obj) ?? resourceVersion;
                        backoff = _options.InitialBackoff;
                    }
                    if (streamError is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
                    {
                        _logger.LogInformation("kubernetes_sd: watch of {What} expired (410 Gone), listing again", What);
                        resourceVersion = null;
                        continue;
                    }
                    if (streamError is not null) throw streamError;
                    // A watch the server ended cleanly (its timeout) resumes at once from the last version seen.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    _logger.LogInformation("kubernetes_sd: resourceVersion of {What} too old (410 Gone), listing again", What);
                    resourceVersion = null;
                }
                catch (Exception ex)
                {
                    _metrics.KubernetesFailures.Inc();
                    _logger.LogError("kubernetes_sd: {Operation} of {What} failed, retrying in {Backoff}: {Error}",
                        resourceVersion is null ? "list" : "watch", What, backoff, Describe(ex));
                    await Task.Delay(backoff, _timeProvider, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                    // A refused or broken client is rebuilt: the token or certificate files may have been renewed.
                    client?.Dispose();
                    client = null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is not a failure.
        }
        finally
        {
            client?.Dispose();
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "401 Unauthorized: the API server refused the credentials (token or client certificate)",
            HttpStatusCode.Forbidden => "403 Forbidden: the service account lacks RBAC permission to list and watch this resource: " + response.Content,
            _ => $"{(int)response.StatusCode} {response.StatusCode}: {response.Content}",
        },
        KubernetesException k => $"watch error {k.Status?.Code} {k.Status?.Reason}: {k.Status?.Message ?? k.Message}",
        _ => ex.GetType().Name + ": " + ex.Message,
    };

    /// <summary>Takes a new list as the truth: what is missing is deleted, everything else upserted.</summary>
    private void Replace(List<IKubernetesObject<V1ObjectMeta>> items)
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var key = KeyOf(item);
                seen.Add(key);
                if (_objects.TryGetValue(key, out var old) && old.Metadata?.ResourceVersion == item.Metadata?.ResourceVersion && _synced) continue;
                Count(_objects.ContainsKey(key) ? "update" : "add");
                _objects[key] = item;
                Publish(InformerEventKind.Upsert, item);
            }
            foreach (var key in _objects.Keys.ToList())
            {
                if (seen.Contains(key)) continue;
                Publish(InformerEventKind.Delete, _objects[key]);
                _objects.Remove(key);
                Count("delete");
            }
            _synced = true;
            foreach (var subscriber in _subscribers) subscriber.TryWrite(new InformerEvent(this, InformerEventKind.Synced, null));
        }
    }

    /// <summary>Applies one watch event; returns the resourceVersion it carries.</summary>
    private string? Apply(WatchEventType type, IKubernetesObject<V1ObjectMeta> obj)
    {
        var version = obj.Metadata?.ResourceVersion;
        if (type is WatchEventType.Bookmark or WatchEventType.Error) return version;
        lock (_lock)
        {
            var key = KeyOf(obj);
            if (type == WatchEventType.Deleted)
            {
                if (_objects.Remove(key)) Count("delete");
                Publish(InformerEventKind.Delete, obj);
            }
            else
            {
                Count(_objects.ContainsKey(key) ? "update" : "add");
                _objects[key] = obj;
                Publish(InformerEventKind.Upsert, obj);
            }
        }
        return version;
    }

    private void Publish(InformerEventKind kind, IKubernetesObject<V1ObjectMeta> obj)
    {
        var evt = new InformerEvent(this, kind, obj);
        foreach (var subscriber in _subscribers) subscriber.TryWrite(evt);
    }

    private void Count(string evt) => _metrics.KubernetesEvents.WithLabels(_resource.Name, evt).Inc();

    internal static string KeyOf(IKubernetesObject<V1ObjectMeta> obj) =>
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? obj.Metadata?.Name ?? string.Empty : obj.Metadata.NamespaceProperty + "/" + obj.Metadata.Name;
}
