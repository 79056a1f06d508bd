using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// An in-process stand-in for kube-apiserver that speaks its list and watch protocol over HTTP or HTTPS, so that the
/// real KubernetesClient can be tested unchanged: lists with a resourceVersion, chunked watch streams of
/// ADDED/MODIFIED/DELETED/BOOKMARK/ERROR events resumed from a resourceVersion, 410 Gone for a version no longer
/// kept, label and field selectors, namespaced and cluster-wide paths, and a bearer-token check.
/// </summary>
/// <remarks>
/// Serves nodes, pods, services, endpoints (core/v1), endpointslices (discovery.k8s.io/v1) and ingresses
/// (networking.k8s.io/v1), answers SelfSubjectAccessReviews from <see cref="Access"/>, and serves node-proxy paths set with <see cref="ServeNodeProxy"/>. Tests change objects with <see cref="Put"/> and <see cref="Delete"/> while clients watch,
/// and break things with <see cref="BreakWatches"/>, <see cref="ExpireWatches"/>, <see cref="StopAsync"/> or a new
/// <see cref="Token"/>. The server can be created on a fixed port and started later, to test a client that starts
/// while the API server is down. Thread-safe.
/// </remarks>
public sealed partial class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly FakeObjectStore _store = new();
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;
    private int _listRequests;
    private int _watchRequests;
    private volatile int _rejectStatus;

    /// <summary>Creates a server on <paramref name="port"/> (0 picks a free one); call <see cref="StartAsync"/> to serve.</summary>
    public FakeKubernetesApiServer(bool https = false, string? token = "test-token", int port = 0)
    {
        Port = port == 0 ? FreePort.Next() : port;
        Token = token;
        if (https) _certificate = SelfSignedCertificate.Create();
        BaseAddress = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{Port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The bearer token every request must carry; null accepts any request. Changing it refuses the old one from then on.</summary>
    public string? Token { get; set; }

    /// <summary>The server's certificate (its own CA) when it serves HTTPS.</summary>
    public X509Certificate2? Certificate => _certificate;

    /// <summary>The CA certificate in PEM, for a <c>ca.crt</c> file or a <c>tls_config.ca</c>; null over plain HTTP.</summary>
    public string? CaPem => _certificate is null ? null : SelfSignedCertificate.ToPem(_certificate);

    /// <summary>The resourceVersion of the latest change.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>List requests served (watches not counted).</summary>
    public int ListRequests => Volatile.Read(ref _listRequests);

    /// <summary>Watch requests served.</summary>
    public int WatchRequests => Volatile.Read(ref _watchRequests);

    /// <summary>Watch streams open now.</summary>
    public int OpenWatches => _store.OpenWatches;

    public async Task StartAsync()
    {
        if (_app is not null) return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, Port, listen =>
            {
                if (_certificate is not null) listen.UseHttps(_certificate);
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        _app = app;
    }

    /// <summary>Stops serving (open watches break); the objects stay, and <see cref="StartAsync"/> serves them again.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        if (app is null) return;
        _app = null;
        _store.EndWatches(abort: true);
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }

    /// <summary>Creates or replaces an object (matched by kind, namespace and name); returns its resourceVersion.</summary>
    public long Put(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var resource = FakeResource.Of(obj);
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        json["kind"] = resource.Kind;
        json["apiVersion"] = resource.ApiVersion;
        return _store.Put(resource, json);
    }

    /// <summary>Deletes an object; false when it did not exist.</summary>
    public bool Delete(FakeResource resource, string? ns, string name) => _store.Delete(resource, ns, name);

    /// <summary>Deletes the object with the kind, namespace and name of <paramref name="obj"/>.</summary>
    public bool Delete(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return _store.Delete(FakeResource.Of(obj), obj.Metadata.NamespaceProperty, obj.Metadata.Name);
    }

    /// <summary>Breaks every open watch connection without a clean end (the client sees an I/O error).</summary>
    public void BreakWatches() => _store.EndWatches(abort: true);

    /// <summary>Ends every open watch stream cleanly, as the API server does when a watch's timeout is reached.</summary>
    public void EndWatches() => _store.EndWatches(abort: false);

    /// <summary>Sends every open watch ERROR 410 Gone and forgets the history, so that resuming needs a new list.</summary>
    public void ExpireWatches() => _store.ExpireWatches();

    /// <summary>Forgets the history without touching open watches: a watch resumed from an older version gets 410 Gone.</summary>
    public void Compact() => _store.Compact();

    /// <summary>Sends a BOOKMARK with the current resourceVersion on every watch that allowed bookmarks.</summary>
    public void SendBookmarks() => _store.SendBookmarks();

    /// <summary>Answers every request with <paramref name="status"/> (e.g. 403 or 500) until called with null.</summary>
    public void RejectRequests(HttpStatusCode? status) => _rejectStatus = status is null ? 0 : (int)status.Value;

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (Token is { } token && request.Headers.Authorization.ToString() != "Bearer " + token)
        {
            await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized").ConfigureAwait(false);
            return;
        }
        if (_rejectStatus != 0)
        {
            await WriteStatusAsync(context, _rejectStatus, _rejectStatus == 403 ? "Forbidden" : "InternalError", "rejected by the test").ConfigureAwait(false);
            return;
        }
        if (IsAccessReview(request))
        {
            await ServeAccessReviewAsync(context).ConfigureAwait(false);
            return;
        }
        if (IsNodeProxy(request))
        {
            await ServeNodeProxyAsync(context).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) || !TryRoute(request.Path.Value ?? string.Empty, out var resource, out var ns))
        {
            await WriteStatusAsync(context, 404, "NotFound", $"the server could not find the requested resource {request.Path}").ConfigureAwait(false);
            return;
        }
        FakeSelector selector;
        try
        {
            selector = FakeSelector.Parse(request.Query["labelSelector"], request.Query["fieldSelector"]);
        }
        catch (FormatException ex)
        {
            await WriteStatusAsync(context, 400, "BadRequest", ex.Message).ConfigureAwait(false);
            return;
        }
        if (request.Query["watch"] is var watch && (watch == "true" || watch == "1"))
        {
            Interlocked.Increment(ref _watchRequests);
            await ServeWatchAsync(context, resource, ns, selector).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Increment(ref _listRequests);
            await ServeListAsync(context, resource, ns, selector).ConfigureAwait(false);
        }
    }

    private async Task ServeListAsync(HttpContext context, FakeResource resource, string? ns, FakeSelector selector)
    {
        var (items, rv) = _store.List(resource, ns, selector);
        var array = new JsonArray();
        foreach (var item in items)
        {
            var copy = item.DeepClone().AsObject();
            // Items of a list carry no kind or apiVersion; the list does.
            copy.Remove("kind");
            copy.Remove("apiVersion");
            array.Add(copy);
        }
        var list = new JsonObject
        {
            ["kind"] = resource.Kind + "List",
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = array,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(list.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeWatchAsync(HttpContext context, FakeResource resource, string? ns, FakeSelector selector)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var watch = _store.Watch(resource, ns, selector, query["resourceVersion"], bookmarks);
        try
        {
            context.Response.ContentType = "application/json";
            // No Content-Length: Kestrel streams the body with chunked transfer encoding, one event per line.
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, watch.Aborted);
            try
            {
                await foreach (var line in watch.Lines.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    await context.Response.WriteAsync(line + "\n", stop.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (watch.Aborted.IsCancellationRequested)
            {
                context.Abort();
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
        }
        finally
        {
            _store.Unregister(watch);
            watch.Dispose();
        }
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(FakeStatus.Create(code, reason, message).ToJsonString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Maps <c>/api/v1/pods</c>, <c>/api/v1/namespaces/NS/pods</c>, <c>/apis/G/V/...</c> to a resource and namespace.</summary>
    private static bool TryRoute(string path, out FakeResource resource, out string? ns)
    {
        foreach (var candidate in FakeResource.All)
        {
            var prefix = candidate.GroupVersionPath + "/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = path[prefix.Length..].Split('/');
            if (rest.Length == 1 && rest[0] == candidate.Plural)
            {
                resource = candidate;
                ns = null;
                return true;
            }
            if (candidate.Namespaced && rest.Length == 3 && rest[0] == "namespaces" && rest[2] == candidate.Plural)
            {
                resource = candidate;
                ns = rest[1];
                return true;
            }
        }
        resource = FakeResource.Nodes;
        ns = null;
        return false;
    }
}
