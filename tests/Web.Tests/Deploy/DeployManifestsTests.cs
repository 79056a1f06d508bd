using k8s;
using k8s.Models;
using MetricsServer.Config;
using MetricsServer.Discovery.Kubernetes;
using MetricsServer.Web.Flags;

namespace MetricsServer.Web.Tests.Deploy;

/// <summary>
/// The deployment in <c>deploy/</c> cannot drift from the server: its manifests load strictly as Kubernetes types,
/// its ClusterRole grants what every discovery role asks for, its args parse with our flag table and point at the
/// mounted ConfigMap, and both ConfigMaps hold configurations our loader accepts.
/// </summary>
public sealed class DeployManifestsTests
{
    private const string Namespace = "monitoring";

    [Fact]
    public void EveryManifest_LoadsStrictly_AndHoldsTheExpectedObjects()
    {
        var objects = DeployManifests.LoadAll();

        var kinds = objects.Select(o => o.Object.GetType().Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["V1ClusterRole", "V1ClusterRoleBinding", "V1ConfigMap", "V1ConfigMap", "V1Namespace", "V1PersistentVolume", "V1Service", "V1ServiceAccount", "V1StatefulSet"],
            kinds);
    }

    [Theory]
    [InlineData("unknown kind", "apiVersion: v1\nkind: ConfigMapp\nmetadata:\n  name: x\n")]
    [InlineData("misspelled field", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndatta:\n  a: b\n")]
    [InlineData("misspelled nested field", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: 9090\n      nodeport: 32100\n")]
    [InlineData("wrong type", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n    - port: nine\n")]
    public void StrictLoader_RejectsWhatKubectlWould(string what, string yaml)
    {
        var error = Record.Exception(() => DeployManifests.Load(yaml));

        Assert.True(error is not null, what + " was accepted");
    }

    [Fact]
    public void NamespacedObjects_AllLiveInTheNamespace_AndTheBindingNamesTheServiceAccount()
    {
        var objects = DeployManifests.LoadAll().Select(o => o.Object).ToList();
        Assert.Equal(Namespace, objects.OfType<V1Namespace>().Single().Metadata.Name);
        foreach (var obj in objects.OfType<IKubernetesObject<V1ObjectMeta>>())
        {
            var clusterScoped = obj is V1Namespace or V1ClusterRole or V1ClusterRoleBinding or V1PersistentVolume;
            Assert.Equal(clusterScoped ? null : Namespace, obj.Metadata.NamespaceProperty);
        }
        var account = objects.OfType<V1ServiceAccount>().Single();
        var binding = objects.OfType<V1ClusterRoleBinding>().Single();
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", account.Metadata.Name, Namespace), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal(("ClusterRole", objects.OfType<V1ClusterRole>().Single().Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        Assert.Equal(account.Metadata.Name, objects.OfType<V1StatefulSet>().Single().Spec.Template.Spec.ServiceAccountName);
    }

    [Theory]
    [InlineData("node")]
    [InlineData("pod")]
    [InlineData("service")]
    [InlineData("endpoints")]
    [InlineData("endpointslice")]
    [InlineData("ingress")]
    public void ClusterRole_GrantsEverythingTheRbacCheckAsksForTheRole(string role)
    {
        var clusterRole = DeployManifests.Single<V1ClusterRole>();
        var sd = new KubernetesSdConfig { Role = role, AttachMetadata = new KubernetesAttachMetadata { Node = true } };

        foreach (var permission in RbacRequirements.For(sd))
        {
            foreach (var verb in permission.Verbs.Append("get"))
            {
                Assert.True(Grants(clusterRole, permission.ApiGroup, permission.Resource, verb), $"{verb} {permission.Describe()} is not granted");
            }
        }
    }

    [Theory]
    [InlineData("nodes/metrics")]
    [InlineData("nodes/proxy")]
    public void ClusterRole_GrantsKubeletScrapes(string subresource)
    {
        Assert.True(Grants(DeployManifests.Single<V1ClusterRole>(), "", subresource, "get"));
    }

    [Fact]
    public void ClusterRole_GrantsTheApiServersMetrics()
    {
        var rule = Assert.Single(DeployManifests.Single<V1ClusterRole>().Rules, r => r.NonResourceURLs is { Count: > 0 });
        Assert.Contains("/metrics", rule.NonResourceURLs);
        Assert.Contains("get", rule.Verbs);
    }

    [Fact]
    public void StatefulSet_ArgsParseWithOurFlagTable_AndPointAtTheMountedConfigMapAndVolume()
    {
        var set = DeployManifests.Single<V1StatefulSet>();
        var pod = set.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        var parsed = FlagParser.Parse(container.Args.ToList());

        Assert.True(parsed.IsSuccess, parsed.Error);
        var options = parsed.Options;
        var configMount = container.VolumeMounts.Single(m => options.ConfigFile.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var configVolume = pod.Volumes.Single(v => v.Name == configMount.Name);
        var configMap = DeployManifests.ConfigMap(configVolume.ConfigMap.Name);
        Assert.True(configMap.Data.ContainsKey(Path.GetFileName(options.ConfigFile)), "the ConfigMap has no key " + Path.GetFileName(options.ConfigFile));
        var dataMount = container.VolumeMounts.Single(m => m.MountPath == options.StoragePath);
        Assert.Contains(set.Spec.VolumeClaimTemplates, t => t.Metadata.Name == dataMount.Name);
        Assert.True(options.WebEnableLifecycle);
    }

    [Fact]
    public void StatefulSet_ProbesAndShutdown_FitTheServer()
    {
        var pod = DeployManifests.Single<V1StatefulSet>().Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        Assert.Equal("/-/healthy", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/-/ready", container.ReadinessProbe.HttpGet.Path);
        // The startup probe holds liveness back while the WAL replays: at least half an hour.
        var startup = container.StartupProbe;
        Assert.Equal("/-/ready", startup.HttpGet.Path);
        Assert.True(startup.PeriodSeconds * startup.FailureThreshold >= 1800, "the startup probe gives up before 30 minutes");
        // The server waits up to 10 minutes for a clean shutdown (ServerHost's shutdown timeout).
        Assert.True(pod.TerminationGracePeriodSeconds >= 600);
        var port = Assert.Single(container.Ports);
        Assert.Equal(("web", 9090), (port.Name, port.ContainerPort));
        Assert.Equal("metrics-server:latest", container.Image);
    }

    [Fact]
    public void Service_IsNodePort32100ToTheWebPort()
    {
        var service = DeployManifests.Single<V1Service>();
        var set = DeployManifests.Single<V1StatefulSet>();

        Assert.Equal("NodePort", service.Spec.Type);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal((9090, 32100, "web"), (port.Port, port.NodePort, port.TargetPort.Value));
        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, set.Spec.Template.Metadata.Labels[s.Key]));
    }

    [Fact]
    public void PersistentVolume_IsReservedForTheStatefulSetsClaim()
    {
        var volume = DeployManifests.Single<V1PersistentVolume>();
        var set = DeployManifests.Single<V1StatefulSet>();
        var template = Assert.Single(set.Spec.VolumeClaimTemplates);

        // A StatefulSet names its first pod's claim <template>-<set>-0.
        Assert.Equal($"{template.Metadata.Name}-{set.Metadata.Name}-0", volume.Spec.ClaimRef.Name);
        Assert.Equal(set.Metadata.NamespaceProperty, volume.Spec.ClaimRef.NamespaceProperty);
        Assert.Equal(template.Spec.StorageClassName, volume.Spec.StorageClassName);
        Assert.Equal(template.Spec.Resources.Requests["storage"], volume.Spec.Capacity["storage"]);
        Assert.Contains(template.Spec.AccessModes.Single(), volume.Spec.AccessModes);
    }

    [Theory]
    [InlineData("prometheus-config")]
    [InlineData("prometheus-config-apiserver-proxy")]
    public void ConfigMap_LoadsWithOurConfigLoader_AndItsDiscoveryIsGranted(string name)
    {
        var config = ConfigLoader.Load(DeployManifests.ConfigMap(name).Data["prometheus.yml"], name);

        var nodes = config.ScrapeConfigs.Single(s => s.JobName == "kubernetes-nodes");
        Assert.Equal("https", nodes.Scheme);
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", nodes.BearerTokenFile);
        Assert.Equal("node", Assert.Single(nodes.KubernetesSdConfigs).Role);
        var clusterRole = DeployManifests.Single<V1ClusterRole>();
        foreach (var sd in config.ScrapeConfigs.SelectMany(s => s.KubernetesSdConfigs))
        {
            Assert.All(RbacRequirements.For(sd), p => Assert.True(Grants(clusterRole, p.ApiGroup, p.Resource, "watch"), p.Describe()));
        }
    }

    [Fact]
    public void ApiServerProxyConfigMap_MapsNodeLabels_AndRewritesTheMetricsPathToTheNodeProxy()
    {
        var config = ConfigLoader.Load(DeployManifests.ConfigMap("prometheus-config-apiserver-proxy").Data["prometheus.yml"], "proxy");
        var rules = config.ScrapeConfigs.Single(s => s.JobName == "kubernetes-nodes").RelabelConfigs;

        Assert.Contains(rules, r => r.Action == RelabelAction.LabelMap && r.Regex == "__meta_kubernetes_node_label_(.+)");
        Assert.Contains(rules, r => r.TargetLabel == "__address__" && r.Replacement == "kubernetes.default.svc:443");
        Assert.Contains(rules, r => r.TargetLabel == "__metrics_path__" && r.SourceLabels.SequenceEqual(["__meta_kubernetes_node_name"])
            && r.Replacement == "/api/v1/nodes/${1}/proxy/metrics");
    }

    [Fact]
    public void ImageDefaultConfig_Loads()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(DeployManifests.Directory, "prometheus.yml"));

        Assert.Equal("prometheus", Assert.Single(config.ScrapeConfigs).JobName);
    }

    private static bool Grants(V1ClusterRole role, string group, string resource, string verb) =>
        role.Rules.Any(r =>
            r.ApiGroups is not null && (r.ApiGroups.Contains(group) || r.ApiGroups.Contains("*"))
            && r.Resources is not null && (r.Resources.Contains(resource) || r.Resources.Contains("*"))
            && (r.Verbs.Contains(verb) || r.Verbs.Contains("*")));
}
