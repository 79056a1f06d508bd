using k8s;
using k8s.Models;

namespace MetricsServer.Web.Tests.Deploy;

/// <summary>
/// The Kubernetes objects in <c>deploy/</c>, loaded the way a client would: every <c>*.yaml</c> file through
/// KubernetesClient's typed loader in strict mode, so an unknown kind, a misspelled field or a wrong type throws.
/// (<c>deploy/prometheus.yml</c> is the image's default Prometheus config, not a manifest.)
/// </summary>
internal static class DeployManifests
{
    public static string Directory { get; } = Path.Combine(TestSupport.RepositoryPaths.Root, "deploy");

    public static IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml").Order(StringComparer.Ordinal);

    /// <summary>Every object of every manifest file, with the file it came from.</summary>
    public static List<(string File, object Object)> LoadAll()
    {
        var objects = new List<(string, object)>();
        foreach (var file in Files())
        {
            foreach (var obj in Load(File.ReadAllText(file))) objects.Add((Path.GetFileName(file), obj));
        }
        return objects;
    }

    /// <summary>Strict typed loading: throws on an unknown apiVersion/kind, an unknown field or a wrong type.</summary>
    public static List<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    public static T Single<T>() => LoadAll().Select(o => o.Object).OfType<T>().Single();

    public static V1ConfigMap ConfigMap(string name) =>
        LoadAll().Select(o => o.Object).OfType<V1ConfigMap>().Single(c => c.Metadata.Name == name);
}
