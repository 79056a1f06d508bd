namespace MetricsServer.Web.Hosting;

/// <summary>Whether the server is ready to serve queries: after start-up work, until shutdown begins.</summary>
public sealed class ReadinessState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkNotReady() => _ready = false;
}
