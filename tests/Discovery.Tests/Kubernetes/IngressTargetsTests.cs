using k8s.Models;
using MetricsServer.Discovery.Kubernetes.Roles;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Tests.Kubernetes;

public class IngressTargetsTests
{
    private static LabelSet L(params string[] nameValues) => LabelSet.FromStrings(nameValues);

    private static LabelSet Target(string host, string scheme, string path) => L(
        "__address__", host,
        "__meta_kubernetes_ingress_host", host,
        "__meta_kubernetes_ingress_scheme", scheme,
        "__meta_kubernetes_ingress_path", path);

    private static V1HTTPIngressPath PathTo(string? path) => new()
    {
        Path = path,
        PathType = "Prefix",
        Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "web", Port = new V1ServiceBackendPort { Number = 80 } } },
    };

    [Fact]
    public void Build_RulesPathsAndTls_OneTargetPerHostAndPathWithSchemeFromTls()
    {
        var ingress = new V1Ingress
        {
            Metadata = new V1ObjectMeta
            {
                Name = "storefront",
                NamespaceProperty = "shop",
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "shop" },
                Annotations = new Dictionary<string, string> { ["cert-manager.io/cluster-issuer"] = "letsencrypt" },
            },
            Spec = new V1IngressSpec
            {
                IngressClassName = "nginx",
                Tls =
                [
                    new V1IngressTLS { Hosts = ["shop.example.com"], SecretName = "shop-tls" },
                    new V1IngressTLS { Hosts = ["*.api.example.com"], SecretName = "api-wildcard-tls" },
                ],
                Rules =
                [
                    new V1IngressRule { Host = "shop.example.com", Http = new V1HTTPIngressRuleValue { Paths = [PathTo("/"), PathTo("/cart")] } },
                    new V1IngressRule { Host = "v1.api.example.com", Http = new V1HTTPIngressRuleValue { Paths = [PathTo("/v1"), PathTo(null)] } },
                    // The wildcard covers exactly one label: neither the bare domain nor two labels deep.
                    new V1IngressRule { Host = "api.example.com", Http = new V1HTTPIngressRuleValue { Paths = [PathTo("/status")] } },
                    new V1IngressRule { Host = "a.b.api.example.com", Http = new V1HTTPIngressRuleValue { Paths = [PathTo("/deep")] } },
                    // No http section: one target for "/".
                    new V1IngressRule { Host = "static.example.com" },
                    // An http section listing no paths: no target.
                    new V1IngressRule { Host = "empty.example.com", Http = new V1HTTPIngressRuleValue() },
                ],
            },
        };

        var group = IngressTargets.Build(ingress);

        Assert.Equal("ingress/shop/storefront", group.Source);
        Assert.Equal(
            L("__meta_kubernetes_namespace", "shop",
              "__meta_kubernetes_ingress_name", "storefront",
              "__meta_kubernetes_ingress_class_name", "nginx",
              "__meta_kubernetes_ingress_label_app_kubernetes_io_part_of", "shop",
              "__meta_kubernetes_ingress_labelpresent_app_kubernetes_io_part_of", "true",
              "__meta_kubernetes_ingress_annotation_cert_manager_io_cluster_issuer", "letsencrypt",
              "__meta_kubernetes_ingress_annotationpresent_cert_manager_io_cluster_issuer", "true").ToString(),
            group.Labels.ToString());
        LabelSet[] expected =
        [
            Target("shop.example.com", "https", "/"),
            Target("shop.example.com", "https", "/cart"),
            Target("v1.api.example.com", "https", "/v1"),
            Target("v1.api.example.com", "https", "/"),
            Target("api.example.com", "http", "/status"),
            Target("a.b.api.example.com", "http", "/deep"),
            Target("static.example.com", "http", "/"),
        ];
        Assert.Equal(string.Join('\n', expected.Select(t => t.ToString())), string.Join('\n', group.Targets.Select(t => t.ToString())));
    }

    [Fact]
    public void Build_NoClassNameNoTls_HttpAndNoClassLabel()
    {
        var ingress = new V1Ingress
        {
            Metadata = new V1ObjectMeta { Name = "legacy", NamespaceProperty = "default" },
            Spec = new V1IngressSpec { Rules = [new V1IngressRule { Host = "legacy.example.org", Http = new V1HTTPIngressRuleValue { Paths = [PathTo("/health")] } }] },
        };

        var group = IngressTargets.Build(ingress);

        Assert.Equal(L("__meta_kubernetes_namespace", "default", "__meta_kubernetes_ingress_name", "legacy").ToString(), group.Labels.ToString());
        Assert.Equal(Target("legacy.example.org", "http", "/health").ToString(), Assert.Single(group.Targets).ToString());
    }

    [Fact]
    public void Build_NoRules_GroupWithoutTargets()
    {
        var ingress = new V1Ingress
        {
            Metadata = new V1ObjectMeta { Name = "default-backend", NamespaceProperty = "default" },
            Spec = new V1IngressSpec { DefaultBackend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "web", Port = new V1ServiceBackendPort { Number = 80 } } } },
        };

        var group = IngressTargets.Build(ingress);

        Assert.Empty(group.Targets);
        Assert.Equal("ingress/default/default-backend", group.Source);
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("Example.COM", "example.com", true)]
    [InlineData("*.example.com", "www.example.com", true)]
    [InlineData("*.example.com", "WWW.Example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("*.example.com", "*.example.com", true)]
    [InlineData("www.example.com", "example.com", false)]
    [InlineData("*example.com", "wwwexample.com", false)]
    public void MatchesTlsHost_ExactOrOneLabelWildcard(string pattern, string host, bool matches)
    {
        Assert.Equal(matches, IngressTargets.MatchesTlsHost(pattern, host));
    }
}
