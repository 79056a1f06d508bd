namespace MetricsServer.Web.Flags;

/// <summary>
/// The mutable state of one parse: the options built so far (starting from Prometheus's defaults) and which flags
/// the command line set, which decides whether a repeatable flag replaces its default and which flags the mode
/// checks see.
/// </summary>
public sealed class ServerOptionsBuilder
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly List<string> _setInOrder = [];

    public ServerOptions Options { get; set; } = new();

    /// <summary>The flags set so far, in the order they first appeared.</summary>
    public IReadOnlyList<string> SetFlags => _setInOrder;

    public bool IsSet(string name) => _set.Contains(name);

    public void MarkSet(string name)
    {
        if (_set.Add(name)) _setInOrder.Add(name);
    }

    /// <summary>The options with Prometheus's cross-flag rules applied (<see cref="ServerOptions.Resolve"/>).</summary>
    public ServerOptions Build() => Options.Resolve();
}
