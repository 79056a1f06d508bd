namespace MetricsServer.Config;

/// <summary>A <c>file_sd_configs</c> entry: glob patterns of YAML or JSON target files, re-read on change and on the interval.</summary>
public sealed class FileSdConfig
{
    public List<string> Files { get; set; } = [];
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
