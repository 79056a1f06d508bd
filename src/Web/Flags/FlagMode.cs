namespace MetricsServer.Web.Flags;

/// <summary>Which of Prometheus's modes a flag belongs to; setting it explicitly in the other mode is an error.</summary>
public enum FlagMode
{
    /// <summary>Valid in server and agent mode.</summary>
    Any,

    /// <summary>Only without <c>--agent</c>.</summary>
    ServerOnly,

    /// <summary>Only with <c>--agent</c>.</summary>
    AgentOnly,
}
