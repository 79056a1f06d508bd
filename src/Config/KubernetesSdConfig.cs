namespace MetricsServer.Config;

/// <summary>A <c>kubernetes_sd_configs</c> entry; parsed and validated here, used by Kubernetes discovery.</summary>
public sealed class KubernetesSdConfig : HttpClientConfig
{
    public string? ApiServer { get; set; }
    /// <summary>node, service, pod, endpoints, endpointslice or ingress.</summary>
    public string Role { get; set; } = string.Empty;
    public string? KubeconfigFile { get; set; }
    public KubernetesNamespaces Namespaces { get; set; } = new();
    public List<KubernetesSelector> Selectors { get; set; } = [];
    public KubernetesAttachMetadata AttachMetadata { get; set; } = new();
}

public sealed class KubernetesNamespaces
{
    public bool OwnNamespace { get; set; }
    public List<string> Names { get; set; } = [];
}

public sealed class KubernetesSelector
{
    public string Role { get; set; } = string.Empty;
    public string? Label { get; set; }
    public string? Field { get; set; }
}

public sealed class KubernetesAttachMetadata
{
    public bool Node { get; set; }
    public bool Namespace { get; set; }
}
