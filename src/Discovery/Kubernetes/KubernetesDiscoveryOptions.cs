namespace MetricsServer.Discovery.Kubernetes;

/// <summary>Retry pacing of Kubernetes list and watch requests.</summary>
/// <param name="InitialBackoff">The wait after a first failure; doubled after each further one.</param>
/// <param name="MaxBackoff">The longest wait between attempts.</param>
public sealed record KubernetesDiscoveryOptions(TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    /// <summary>About what client-go's reflector does: from one second up to half a minute.</summary>
    public static KubernetesDiscoveryOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
