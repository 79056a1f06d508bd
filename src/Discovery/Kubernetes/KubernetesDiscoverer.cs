using System.Threading.Channels;
using k8s;
using k8s.Models;
using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes.Roles;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// One <c>kubernetes_sd_configs</c> entry: subscribes to the shared informers its role needs in its namespaces
/// (the role's own objects, plus services, pods and nodes where the role's labels come from them), waits until each
/// has listed once, sends every group, then sends the groups of the objects each change touches. A deleted object's
/// group is sent empty, so its targets go away.
/// </summary>
public sealed class KubernetesDiscoverer : IDiscoverer
{
    private readonly KubernetesSdConfig _config;
    private readonly KubernetesConnection _connection;
    private readonly InformerPool _pool;
    private readonly RbacPreflight? _preflight;

    internal KubernetesDiscoverer(KubernetesSdConfig config, KubernetesConnection connection, InformerPool pool, RbacPreflight? preflight = null)
    {
        _config = config;
        _connection = connection;
        _pool = pool;
        _preflight = preflight;
    }

    public async Task RunAsync(ChannelWriter<IReadOnlyList<TargetGroup>> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var events = Channel.CreateUnbounded<InformerEvent>(new UnboundedChannelOptions { SingleReader = true });
        var informers = new List<Informer>();
        // The RBAC check runs beside discovery, so that a slow or unreachable API server does not delay the informers.
        var subscriptions = Subscriptions().ToList();
        var preflight = _preflight?.RunAsync(subscriptions, cancellationToken) ?? Task.CompletedTask;
        try
        {
            foreach (var (resource, ns) in subscriptions)
            {
                var selector = _config.Selectors.FirstOrDefault(s => s.Role == resource.Name);
                var informer = _pool.Acquire(_connection, resource, ns, selector?.Label, selector?.Field);
                informers.Add(informer);
                informer.Subscribe(events.Writer);
            }
            var view = new ClusterView(_config, informers);
            while (await events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Drain what has arrived so that a burst of changes becomes one update.
                while (events.Reader.TryRead(out var evt)) view.Apply(evt);
                if (view.TakeChanges() is { Count: > 0 } groups) await updates.WriteAsync(groups, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how a discoverer is told to stop; it is not a failure.
        }
        finally
        {
            foreach (var informer in informers)
            {
                informer.Unsubscribe(events.Writer);
                await _pool.ReleaseAsync(informer).ConfigureAwait(false);
            }
            await preflight.ConfigureAwait(false);
            _preflight?.Clear();
        }
    }

    /// <summary>The (resource, namespace) pairs to watch; a null namespace means all of them.</summary>
    private IEnumerable<(KubernetesResource, string?)> Subscriptions() => Subscriptions(_config, Namespaces(_config, _connection.OwnNamespace));

    /// <summary>What a discoverer of <paramref name="config"/> watches in <paramref name="namespaces"/>; also what its RBAC check asks for.</summary>
    internal static IEnumerable<(KubernetesResource Resource, string? Namespace)> Subscriptions(KubernetesSdConfig config, List<string?> namespaces)
    {
        IEnumerable<(KubernetesResource, string?)> Each(KubernetesResource resource) => namespaces.Select(ns => (resource, ns));
        var nodes = config.AttachMetadata.Node ? [(KubernetesResource.Nodes, (string?)null)] : Array.Empty<(KubernetesResource, string?)>();
        return config.Role switch
        {
            "node" => [(KubernetesResource.Nodes, null)],
            "pod" => Each(KubernetesResource.Pods).Concat(nodes),
            "service" => Each(KubernetesResource.Services),
            "ingress" => Each(KubernetesResource.Ingresses),
            "endpoints" => Each(KubernetesResource.Endpoints).Concat(Each(KubernetesResource.Services)).Concat(Each(KubernetesResource.Pods)).Concat(nodes),
            "endpointslice" => Each(KubernetesResource.EndpointSlices).Concat(Each(KubernetesResource.Services)).Concat(Each(KubernetesResource.Pods)).Concat(nodes),
            _ => throw new InvalidOperationException($"unknown Kubernetes SD role \"{config.Role}\""),
        };
    }

    /// <summary>The configured namespaces, or a single null (all of them) when none is.</summary>
    internal static List<string?> Namespaces(KubernetesSdConfig config, Func<string> ownNamespace)
    {
        var names = new List<string?>();
        foreach (var name in config.Namespaces.Names) if (!names.Contains(name)) names.Add(name);
        if (config.Namespaces.OwnNamespace && ownNamespace() is var own && !names.Contains(own)) names.Add(own);
        return names.Count == 0 ? [null] : names;
    }

    /// <summary>The discoverer's copy of what its informers hold, and the groups waiting to be sent. One reader only.</summary>
    private sealed class ClusterView
    {
        private readonly KubernetesSdConfig _config;
        private readonly HashSet<Informer> _unsynced;
        private readonly KubernetesResource _primary;
        private readonly Dictionary<string, Dictionary<string, IKubernetesObject<V1ObjectMeta>>> _objects = new(StringComparer.Ordinal);
        // Primary objects whose group must be rebuilt, or sent empty when the object is gone.
        private readonly Dictionary<string, bool> _dirty = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

        public ClusterView(KubernetesSdConfig config, List<Informer> informers)
        {
            _config = config;
            _unsynced = [.. informers];
            _primary = informers[0].Resource;
        }

        public void Apply(InformerEvent evt)
        {
            if (evt.Kind == InformerEventKind.Synced)
            {
                _unsynced.Remove(evt.Source);
                return;
            }
            var obj = evt.Object!;
            var name = evt.Source.Resource.Name;
            if (!_objects.TryGetValue(name, out var store)) _objects[name] = store = new Dictionary<string, IKubernetesObject<V1ObjectMeta>>(StringComparer.Ordinal);
            var key = Informer.KeyOf(obj);
            if (evt.Kind == InformerEventKind.Delete) store.Remove(key);
            else store[key] = obj;
            if (ReferenceEquals(evt.Source.Resource, _primary))
            {
                _dirty[key] = true;
                return;
            }
            // A change to a related object (node, service, pod) rebuilds the primaries it can feed labels to.
            if (!_objects.TryGetValue(_primary.Name, out var primaries)) return;
            foreach (var candidate in primaries.Values)
            {
                if (Affects(obj, candidate)) _dirty[Informer.KeyOf(candidate)] = true;
            }
        }

        /// <summary>The groups to send, or null while some informer has not listed yet.</summary>
        public List<TargetGroup>? TakeChanges()
        {
            if (_unsynced.Count > 0 || _dirty.Count == 0) return null;
            var groups = new List<TargetGroup>(_dirty.Count);
            var primaries = _objects.GetValueOrDefault(_primary.Name);
            foreach (var key in _dirty.Keys)
            {
                if (primaries is not null && primaries.TryGetValue(key, out var obj))
                {
                    var group = Build(obj);
                    _sources[key] = group.Source;
                    groups.Add(group);
                }
                else if (_sources.Remove(key, out var source))
                {
                    groups.Add(TargetGroup.Empty(source));
                }
            }
            _dirty.Clear();
            return groups;
        }

        private static bool Affects(IKubernetesObject<V1ObjectMeta> related, IKubernetesObject<V1ObjectMeta> primary) => related switch
        {
            V1Node node => primary is not V1Pod pod || pod.Spec?.NodeName == node.Metadata?.Name,
            _ => related.Metadata?.NamespaceProperty == primary.Metadata?.NamespaceProperty,
        };

        private T? Find<T>(string resource, string key) where T : class =>
            _objects.TryGetValue(resource, out var store) && store.TryGetValue(key, out var obj) ? obj as T : null;

        private TargetGroup Build(IKubernetesObject<V1ObjectMeta> obj)
        {
            Func<string, V1Node?>? node = _config.AttachMetadata.Node ? name => Find<V1Node>("node", name) : null;
            V1Service? Service(string ns, string name) => Find<V1Service>("service", ns + "/" + name);
            V1Pod? Pod(string ns, string name) => Find<V1Pod>("pod", ns + "/" + name);
            return obj switch
            {
                V1Node n => NodeTargets.Build(n),
                V1Pod p => PodTargets.Build(p, node),
                V1Service s => ServiceTargets.Build(s),
                V1Ingress i => IngressTargets.Build(i),
                V1EndpointSlice e => EndpointSliceTargets.Build(e, Service, Pod, node),
#pragma warning disable CS0618 // core/v1 Endpoints: deprecated upstream, still discovered by Prometheus.
                V1Endpoints e => EndpointsTargets.Build(e, Service, Pod, node),
#pragma warning restore CS0618
                _ => throw new InvalidOperationException($"no builder for {obj.GetType().Name}"),
            };
        }
    }
}
