namespace MetricsServer.Config;

/// <summary>Loads and validates <c>prometheus.yml</c>. (Implementation in progress.)</summary>
public static partial class ConfigLoader
{
}
