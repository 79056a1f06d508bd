namespace MetricsServer.Config;

/// <summary>A <c>static_configs</c> entry: target addresses and labels common to them.</summary>
public sealed class StaticConfig
{
    public List<string> Targets { get; set; } = [];
    public Dictionary<string, string> Labels { get; set; } = [];
}
