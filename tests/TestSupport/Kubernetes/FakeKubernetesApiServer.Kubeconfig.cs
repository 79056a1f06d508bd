using System.Globalization;
using System.Text;

namespace MetricsServer.TestSupport.Kubernetes;

public sealed partial class FakeKubernetesApiServer
{
    /// <summary>
    /// Writes a kubeconfig whose current context points at this server with its token and CA, as <c>kubectl</c>
    /// would find it in <c>~/.kube/config</c>; returns <paramref name="path"/>.
    /// </summary>
    public string WriteKubeconfig(string path, string? @namespace = null, string? token = null)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("clusters:");
        yaml.AppendLine("- name: fake");
        yaml.AppendLine("  cluster:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    server: {BaseAddress.ToString().TrimEnd('/')}");
        if (CaPem is { } pem) yaml.AppendLine(CultureInfo.InvariantCulture, $"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(pem))}");
        yaml.AppendLine("users:");
        yaml.AppendLine("- name: tester");
        yaml.AppendLine("  user:");
        if ((token ?? Token) is { } t) yaml.AppendLine(CultureInfo.InvariantCulture, $"    token: {t}");
        else yaml.AppendLine("    username: anonymous");
        yaml.AppendLine("contexts:");
        yaml.AppendLine("- name: fake");
        yaml.AppendLine("  context:");
        yaml.AppendLine("    cluster: fake");
        yaml.AppendLine("    user: tester");
        if (@namespace is not null) yaml.AppendLine(CultureInfo.InvariantCulture, $"    namespace: {@namespace}");
        yaml.AppendLine("current-context: fake");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    /// <summary>
    /// Writes what a pod's service-account mount holds (<c>token</c>, <c>ca.crt</c>, <c>namespace</c>) into
    /// <paramref name="directory"/>, for the in-cluster path; returns <paramref name="directory"/>.
    /// </summary>
    public string WriteServiceAccount(string directory, string @namespace = "monitoring", string? token = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "token"), token ?? Token ?? string.Empty);
        File.WriteAllText(Path.Combine(directory, "namespace"), @namespace);
        if (CaPem is { } pem) File.WriteAllText(Path.Combine(directory, "ca.crt"), pem);
        return directory;
    }
}
