namespace MetricsServer.Discovery.Kubernetes;

/// <summary>
/// Where Kubernetes discovery looks for credentials it was not given: the pod's service-account mount and
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> for the in-cluster path, <c>KUBECONFIG</c> and the home directory for
/// a laptop's kubeconfig. Tests point these at files they write.
/// </summary>
/// <param name="ServiceAccountDirectory">Holds <c>token</c>, <c>ca.crt</c> and <c>namespace</c> inside a pod.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable; null when unset.</param>
/// <param name="HomeDirectory">The user's home, for <c>~/.kube/config</c>.</param>
public sealed record KubernetesEnvironment(string ServiceAccountDirectory, Func<string, string?> GetEnvironmentVariable, string HomeDirectory)
{
    public static KubernetesEnvironment Process { get; } = new(
        "/var/run/secrets/kubernetes.io/serviceaccount",
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
