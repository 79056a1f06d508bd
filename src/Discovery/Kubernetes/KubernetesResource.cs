using k8s;
using k8s.Autorest;
using k8s.Models;

namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// One kind of object Kubernetes discovery lists and watches, with the client calls that do it, namespaced or across
/// all namespaces. <see cref="Name"/> is the role name Prometheus uses for it in selectors and metrics.
/// </summary>
internal sealed class KubernetesResource
{
    private const int PageSize = 500;
    // The API server closes a watch after this; a new one resumes from the last version seen.
    private const int WatchTimeoutSeconds = 300;

    private delegate Task<HttpOperationResponse<TList>> ListCall<TList>(
        IKubernetes client, string? ns, string? label, string? field, string? continueToken, string? resourceVersion, bool watch, CancellationToken cancellationToken);

    private readonly Func<IKubernetes, string?, string?, string?, CancellationToken, Task<(List<IKubernetesObject<V1ObjectMeta>>, string)>> _list;
    private readonly Func<IKubernetes, string?, string?, string?, string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, IKubernetesObject<V1ObjectMeta>)>> _watch;

    private KubernetesResource(
        string name,
        bool namespaced,
        Func<IKubernetes, string?, string?, string?, CancellationToken, Task<(List<IKubernetesObject<V1ObjectMeta>>, string)>> list,
        Func<IKubernetes, string?, string?, string?, string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, IKubernetesObject<V1ObjectMeta>)>> watch)
    {
        Name = name;
        Namespaced = namespaced;
        _list = list;
        _watch = watch;
    }

    /// <summary><c>node</c>, <c>pod</c>, <c>service</c>, <c>endpoints</c>, <c>endpointslice</c> or <c>ingress</c>.</summary>
    public string Name { get; }

    public bool Namespaced { get; }

    public static readonly KubernetesResource Nodes = Create<V1Node, V1NodeList>("node", namespaced: false,
        (c, _, l, f, cont, rv, w, ct) => c.CoreV1.ListNodeWithHttpMessagesAsync(
            allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
            resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));

    public static readonly KubernetesResource Pods = Create<V1Pod, V1PodList>("pod", namespaced: true,
        (c, ns, l, f, cont, rv, w, ct) => ns is null
            ? c.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct)
            : c.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns,
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));

    public static readonly KubernetesResource Services = Create<V1Service, V1ServiceList>("service", namespaced: true,
        (c, ns, l, f, cont, rv, w, ct) => ns is null
            ? c.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct)
            : c.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(ns,
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));

#pragma warning disable CS0618 // core/v1 Endpoints is deprecated upstream but still served, and Prometheus's endpoints role reads it.
    public static readonly KubernetesResource Endpoints = Create<V1Endpoints, V1EndpointsList>("endpoints", namespaced: true,
        (c, ns, l, f, cont, rv, w, ct) => ns is null
            ? c.CoreV1.ListEndpointsForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct)
            : c.CoreV1.ListNamespacedEndpointsWithHttpMessagesAsync(ns,
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));
#pragma warning restore CS0618

    public static readonly KubernetesResource EndpointSlices = Create<V1EndpointSlice, V1EndpointSliceList>("endpointslice", namespaced: true,
        (c, ns, l, f, cont, rv, w, ct) => ns is null
            ? c.DiscoveryV1.ListEndpointSliceForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct)
            : c.DiscoveryV1.ListNamespacedEndpointSliceWithHttpMessagesAsync(ns,
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));

    public static readonly KubernetesResource Ingresses = Create<V1Ingress, V1IngressList>("ingress", namespaced: true,
        (c, ns, l, f, cont, rv, w, ct) => ns is null
            ? c.NetworkingV1.ListIngressForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct)
            : c.NetworkingV1.ListNamespacedIngressWithHttpMessagesAsync(ns,
                allowWatchBookmarks: w ? true : null, continueParameter: cont, fieldSelector: f, labelSelector: l, limit: w ? null : PageSize,
                resourceVersion: rv, timeoutSeconds: w ? WatchTimeoutSeconds : null, watch: w ? true : null, cancellationToken: ct));

    /// <summary>Every matching object, page by page, and the resourceVersion to watch from.</summary>
    public Task<(List<IKubernetesObject<V1ObjectMeta>> Items, string ResourceVersion)> ListAsync(
        IKubernetes client, string? ns, string? label, string? field, CancellationToken cancellationToken) =>
        _list(client, ns, label, field, cancellationToken);

    /// <summary>
    /// The changes after <paramref name="resourceVersion"/>, bookmarks included. ERROR events (410 Gone above all)
    /// arrive through <paramref name="onError"/> as <see cref="KubernetesException"/>; the stream ends when the server ends it.
    /// </summary>
    public IAsyncEnumerable<(WatchEventType Type, IKubernetesObject<V1ObjectMeta> Object)> WatchAsync(
        IKubernetes client, string? ns, string? label, string? field, string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken) =>
        _watch(client, ns, label, field, resourceVersion, onError, cancellationToken);

    private static KubernetesResource Create<T, TList>(string name, bool namespaced, ListCall<TList> call)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IMetadata<V1ListMeta>
    {
        return new KubernetesResource(name, namespaced, ListAsync, Watch);

        async Task<(List<IKubernetesObject<V1ObjectMeta>>, string)> ListAsync(IKubernetes client, string? ns, string? label, string? field, CancellationToken ct)
        {
            var items = new List<IKubernetesObject<V1ObjectMeta>>();
            string? continueToken = null;
            string resourceVersion;
            do
            {
                using var response = await call(client, ns, label, field, continueToken, null, false, ct).ConfigureAwait(false);
                var body = response.Body;
                if (body.Items is not null)
                {
                    foreach (var item in body.Items) items.Add(item);
                }
                resourceVersion = body.Metadata?.ResourceVersion ?? string.Empty;
                continueToken = body.Metadata?.ContinueProperty;
            }
            while (!string.IsNullOrEmpty(continueToken));
            return (items, resourceVersion);
        }

        async IAsyncEnumerable<(WatchEventType, IKubernetesObject<V1ObjectMeta>)> Watch(
            IKubernetes client, string? ns, string? label, string? field, string rv, Action<Exception> onError,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var request = call(client, ns, label, field, null, rv, true, ct);
            // Marked obsolete in favour of per-resource generated watch methods; this one serves every resource with one call shape.
#pragma warning disable CS0618
            var events = request.WatchAsync<T, TList>(onError, ct);
#pragma warning restore CS0618
            await foreach (var (type, obj) in events.ConfigureAwait(false))
            {
                yield return (type, obj);
            }
        }
    }
}
