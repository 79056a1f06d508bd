using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// The fake API server's state: objects per resource, one resourceVersion counter for all of them as etcd has, a
/// history of changes that watches resume from, and the open watches. Thread-safe: every change and every watch
/// registration happens under one lock, so a watch sees each change exactly once and in order.
/// </summary>
internal sealed class FakeObjectStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<FakeResource, Dictionary<string, JsonObject>> _objects = [];
    private readonly List<Change> _history = [];
    private readonly List<FakeWatch> _watches = [];
    private long _resourceVersion = 1000;
    // Watches from at or below this version get 410 Gone: their history is no longer kept.
    private long _compactedAt;

    private sealed record Change(long ResourceVersion, FakeResource Resource, JsonObject? Old, JsonObject New, bool Deleted);

    public long ResourceVersion
    {
        get { lock (_lock) return _resourceVersion; }
    }

    public int OpenWatches
    {
        get { lock (_lock) return _watches.Count; }
    }

    /// <summary>Creates or replaces the object with the same namespace and name; returns its new resourceVersion.</summary>
    public long Put(FakeResource resource, JsonObject obj)
    {
        lock (_lock)
        {
            var rv = ++_resourceVersion;
            var metadata = obj["metadata"]!.AsObject();
            metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            if (metadata["uid"] is null) metadata["uid"] = Guid.NewGuid().ToString();
            var objects = ObjectsOf(resource);
            var key = KeyOf(obj);
            objects.TryGetValue(key, out var old);
            objects[key] = obj;
            Record(new Change(rv, resource, old, obj, Deleted: false));
            return rv;
        }
    }

    /// <summary>Deletes the object; false when there was none.</summary>
    public bool Delete(FakeResource resource, string? ns, string name)
    {
        lock (_lock)
        {
            var objects = ObjectsOf(resource);
            if (!objects.Remove(Key(ns, name), out var old)) return false;
            var rv = ++_resourceVersion;
            // A deleted object is sent with the resourceVersion of its deletion, as the API server does.
            var gone = old.DeepClone().AsObject();
            gone["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            Record(new Change(rv, resource, old, gone, Deleted: true));
            return true;
        }
    }

    /// <summary>The objects matching a list request, and the resourceVersion the list is consistent with.</summary>
    public (List<JsonObject> Items, long ResourceVersion) List(FakeResource resource, string? ns, FakeSelector selector)
    {
        lock (_lock)
        {
            var items = new List<JsonObject>();
            foreach (var obj in ObjectsOf(resource).Values)
            {
                if (InNamespace(obj, ns) && selector.Matches(obj)) items.Add(obj);
            }
            items.Sort((a, b) => string.CompareOrdinal(KeyOf(a), KeyOf(b)));
            return (items, _resourceVersion);
        }
    }

    /// <summary>
    /// Opens a watch. With no resourceVersion (or "0") it starts with ADDED for every current object; otherwise it
    /// replays the changes after that version, or — when they are no longer kept — sends one ERROR 410 and ends.
    /// </summary>
    public FakeWatch Watch(FakeResource resource, string? ns, FakeSelector selector, string? resourceVersion, bool bookmarks)
    {
        var watch = new FakeWatch(resource, ns, selector, bookmarks);
        lock (_lock)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in ObjectsOf(resource).Values)
                {
                    if (InNamespace(obj, ns) && selector.Matches(obj)) watch.Send("ADDED", obj);
                }
            }
            else if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < _compactedAt)
            {
                watch.SendGone(resourceVersion);
                watch.End();
                return watch;
            }
            else
            {
                foreach (var change in _history)
                {
                    if (change.ResourceVersion > from && change.Resource == resource) watch.Offer(change.Old, change.New, change.Deleted);
                }
            }
            _watches.Add(watch);
        }
        return watch;
    }

    public void Unregister(FakeWatch watch)
    {
        lock (_lock) _watches.Remove(watch);
    }

    /// <summary>Forgets the history: resuming a watch or list from any earlier version now gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compactedAt = _resourceVersion;
            _history.Clear();
        }
    }

    /// <summary>Sends every open watch an ERROR event with 410 Gone and ends it, as the API server does when a watch's window is compacted.</summary>
    public void ExpireWatches()
    {
        lock (_lock)
        {
            Compact();
            foreach (var watch in _watches)
            {
                watch.SendGone(null);
                watch.End();
            }
            _watches.Clear();
        }
    }

    /// <summary>Ends every open watch: cleanly (the stream ends, as on the server's watch timeout) or by breaking the connection.</summary>
    public void EndWatches(bool abort)
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                if (abort) watch.Abort();
                else watch.End();
            }
            _watches.Clear();
        }
    }

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every watch that asked for bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_lock)
        {
            foreach (var watch in _watches) watch.SendBookmark(_resourceVersion);
        }
    }

    public JsonObject? Get(FakeResource resource, string? ns, string name)
    {
        lock (_lock) return ObjectsOf(resource).TryGetValue(Key(ns, name), out var obj) ? obj : null;
    }

    private void Record(Change change)
    {
        _history.Add(change);
        foreach (var watch in _watches)
        {
            if (watch.Resource == change.Resource) watch.Offer(change.Old, change.New, change.Deleted);
        }
    }

    private Dictionary<string, JsonObject> ObjectsOf(FakeResource resource)
    {
        if (!_objects.TryGetValue(resource, out var objects)) _objects[resource] = objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        return objects;
    }

    private static bool InNamespace(JsonObject obj, string? ns) =>
        ns is null || obj["metadata"]?["namespace"]?.GetValue<string>() == ns;

    internal static string KeyOf(JsonObject obj) =>
        Key(obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());

    private static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;
}
