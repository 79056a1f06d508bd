using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// One open watch stream: the event lines waiting to be written to its connection. Filled under the store's lock,
/// drained by the request that opened it.
/// </summary>
internal sealed class FakeWatch : IDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();

    public FakeWatch(FakeResource resource, string? ns, FakeSelector selector, bool bookmarks)
    {
        Resource = resource;
        Namespace = ns;
        Selector = selector;
        Bookmarks = bookmarks;
    }

    public FakeResource Resource { get; }
    public string? Namespace { get; }
    public FakeSelector Selector { get; }
    public bool Bookmarks { get; }

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Cancelled when the test breaks the connection rather than ending the stream.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>
    /// Sends what a watcher with this namespace and selector sees of a change: an object that starts matching is
    /// ADDED, one that stops matching is DELETED, as the API server does for a selector watch.
    /// </summary>
    public void Offer(JsonObject? old, JsonObject current, bool deleted)
    {
        var before = old is not null && Visible(old);
        var after = Visible(current);
        if (deleted)
        {
            if (before) Send("DELETED", current);
        }
        else if (before && after) Send("MODIFIED", current);
        else if (after) Send("ADDED", current);
        else if (before) Send("DELETED", current);
    }

    public void Send(string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() };
        _lines.Writer.TryWrite(line.ToJsonString());
    }

    public void SendBookmark(long resourceVersion)
    {
        if (!Bookmarks) return;
        var obj = new JsonObject
        {
            ["kind"] = Resource.Kind,
            ["apiVersion"] = Resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
        };
        Send("BOOKMARK", obj);
    }

    public void SendGone(string? resourceVersion)
    {
        var message = resourceVersion is null ? "too old resource version" : $"too old resource version: {resourceVersion}";
        Send("ERROR", FakeStatus.Create(410, "Expired", message));
    }

    public void End() => _lines.Writer.TryComplete();

    public void Abort()
    {
        _abort.Cancel();
        _lines.Writer.TryComplete();
    }

    public void Dispose() => _abort.Dispose();

    private bool Visible(JsonObject obj) =>
        (Namespace is null || obj["metadata"]?["namespace"]?.GetValue<string>() == Namespace) && Selector.Matches(obj);
}
