using k8s.Models;
using MetricsServer.Discovery.Kubernetes.Roles;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Tests.Kubernetes;

public class ServiceTargetsTests
{
    private static LabelSet L(params string[] nameValues) => LabelSet.FromStrings(nameValues);

    private static void AssertGroup(string source, LabelSet labels, LabelSet[] targets, TargetGroup actual)
    {
        Assert.Equal(source, actual.Source);
        Assert.Equal(labels.ToString(), actual.Labels.ToString());
        Assert.Equal(string.Join('\n', targets.Select(t => t.ToString())), string.Join('\n', actual.Targets.Select(t => t.ToString())));
    }

    private static V1Service Service(string name, string ns, V1ServiceSpec spec, V1ServiceStatus? status = null,
        Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels, Annotations = annotations },
        Spec = spec,
        Status = status,
    };

    [Fact]
    public void Build_MultiPortClusterIpService_OneTargetPerPortWithDnsAddress()
    {
        var service = Service("shop-api", "shop",
            new V1ServiceSpec
            {
                Type = "ClusterIP",
                ClusterIP = "10.96.12.7",
                Ports =
                [
                    new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 },
                    new V1ServicePort { Name = "metrics", Port = 9090, Protocol = "TCP" },
                    new V1ServicePort { Port = 5353, Protocol = "UDP" },
                ],
            },
            labels: new() { ["app.kubernetes.io/name"] = "shop-api", ["tier"] = "backend" },
            annotations: new() { ["prometheus.io/scrape"] = "true" });

        var group = ServiceTargets.Build(service);

        AssertGroup("svc/shop/shop-api",
            L("__meta_kubernetes_namespace", "shop",
              "__meta_kubernetes_service_name", "shop-api",
              "__meta_kubernetes_service_label_app_kubernetes_io_name", "shop-api",
              "__meta_kubernetes_service_labelpresent_app_kubernetes_io_name", "true",
              "__meta_kubernetes_service_label_tier", "backend",
              "__meta_kubernetes_service_labelpresent_tier", "true",
              "__meta_kubernetes_service_annotation_prometheus_io_scrape", "true",
              "__meta_kubernetes_service_annotationpresent_prometheus_io_scrape", "true"),
            [
                L("__address__", "shop-api.shop.svc:80",
                  "__meta_kubernetes_service_port_name", "http",
                  "__meta_kubernetes_service_port_number", "80",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "ClusterIP",
                  "__meta_kubernetes_service_cluster_ip", "10.96.12.7"),
                L("__address__", "shop-api.shop.svc:9090",
                  "__meta_kubernetes_service_port_name", "metrics",
                  "__meta_kubernetes_service_port_number", "9090",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "ClusterIP",
                  "__meta_kubernetes_service_cluster_ip", "10.96.12.7"),
                L("__address__", "shop-api.shop.svc:5353",
                  "__meta_kubernetes_service_port_name", "",
                  "__meta_kubernetes_service_port_number", "5353",
                  "__meta_kubernetes_service_port_protocol", "UDP",
                  "__meta_kubernetes_service_type", "ClusterIP",
                  "__meta_kubernetes_service_cluster_ip", "10.96.12.7"),
            ],
            group);
    }

    [Fact]
    public void Build_HeadlessService_ClusterIpIsNone()
    {
        var service = Service("cassandra", "db", new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = "None",
            Ports = [new V1ServicePort { Name = "cql", Port = 9042, Protocol = "TCP" }],
        });

        var group = ServiceTargets.Build(service);

        AssertGroup("svc/db/cassandra",
            L("__meta_kubernetes_namespace", "db", "__meta_kubernetes_service_name", "cassandra"),
            [
                L("__address__", "cassandra.db.svc:9042",
                  "__meta_kubernetes_service_port_name", "cql",
                  "__meta_kubernetes_service_port_number", "9042",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "ClusterIP",
                  "__meta_kubernetes_service_cluster_ip", "None"),
            ],
            group);
    }

    [Fact]
    public void Build_ExternalNameService_HasExternalNameAndNoClusterIp()
    {
        var service = Service("payments", "shop", new V1ServiceSpec
        {
            Type = "ExternalName",
            ExternalName = "payments.example.net",
            Ports = [new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP" }],
        });

        var group = ServiceTargets.Build(service);

        AssertGroup("svc/shop/payments",
            L("__meta_kubernetes_namespace", "shop", "__meta_kubernetes_service_name", "payments"),
            [
                L("__address__", "payments.shop.svc:443",
                  "__meta_kubernetes_service_port_name", "https",
                  "__meta_kubernetes_service_port_number", "443",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "ExternalName",
                  "__meta_kubernetes_service_external_name", "payments.example.net"),
            ],
            group);
    }

    [Fact]
    public void Build_LoadBalancerWithRequestedIp_HasLoadBalancerIp()
    {
        var service = Service("ingress-nginx", "ingress", new V1ServiceSpec
        {
            Type = "LoadBalancer",
            ClusterIP = "10.96.0.50",
            LoadBalancerIP = "203.0.113.10",
            Ports = [new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP", NodePort = 31443 }],
        });

        var group = ServiceTargets.Build(service);

        AssertGroup("svc/ingress/ingress-nginx",
            L("__meta_kubernetes_namespace", "ingress", "__meta_kubernetes_service_name", "ingress-nginx"),
            [
                L("__address__", "ingress-nginx.ingress.svc:443",
                  "__meta_kubernetes_service_port_name", "https",
                  "__meta_kubernetes_service_port_number", "443",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "LoadBalancer",
                  "__meta_kubernetes_service_cluster_ip", "10.96.0.50",
                  "__meta_kubernetes_service_loadbalancer_ip", "203.0.113.10",
                  "__meta_kubernetes_service_loadbalancer_ips", "203.0.113.10"),
            ],
            group);
    }

    [Fact]
    public void Build_LoadBalancerWithStatusIpsAndHostnames_ListsThem()
    {
        var dualStack = Service("lb-dual", "default",
            new V1ServiceSpec { Type = "LoadBalancer", ClusterIP = "10.96.0.51", Ports = [new V1ServicePort { Name = "web", Port = 80, Protocol = "TCP" }] },
            new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "2001:db8::1" }, new V1LoadBalancerIngress { Ip = "198.51.100.7" }] } });
        var aws = Service("lb-aws", "default",
            new V1ServiceSpec { Type = "LoadBalancer", ClusterIP = "10.96.0.52", Ports = [new V1ServicePort { Name = "web", Port = 80, Protocol = "TCP" }] },
            new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Hostname = "abc-123.elb.eu-west-1.amazonaws.com" }] } });

        var dualTarget = ServiceTargets.Build(dualStack).Targets.Single();
        var awsTarget = ServiceTargets.Build(aws).Targets.Single();

        // Two addresses: no single loadbalancer_ip to pick, both listed.
        Assert.False(dualTarget.Has("__meta_kubernetes_service_loadbalancer_ip"));
        Assert.Equal("2001:db8::1,198.51.100.7", dualTarget.Get("__meta_kubernetes_service_loadbalancer_ips"));
        Assert.False(awsTarget.Has("__meta_kubernetes_service_loadbalancer_ip"));
        Assert.False(awsTarget.Has("__meta_kubernetes_service_loadbalancer_ips"));
        Assert.Equal("abc-123.elb.eu-west-1.amazonaws.com", awsTarget.Get("__meta_kubernetes_service_loadbalancer_hostnames"));
    }

    [Fact]
    public void Build_ServiceWithoutPorts_GroupWithoutTargets()
    {
        var service = Service("selectorless", "default", new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "None" });

        var group = ServiceTargets.Build(service);

        Assert.Empty(group.Targets);
        Assert.Equal("selectorless", group.Labels.Get("__meta_kubernetes_service_name"));
    }

    [Fact]
    public void Build_WithNamespaceLookup_AddsNamespaceLabelsAndAnnotations()
    {
        var service = Service("web", "team-a", new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "10.96.1.1", Ports = [new V1ServicePort { Port = 80, Protocol = "TCP" }] });
        var ns = new V1Namespace
        {
            Metadata = new V1ObjectMeta
            {
                Name = "team-a",
                Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "team-a" },
                Annotations = new Dictionary<string, string> { ["owner"] = "team-a@example.com" },
            },
        };

        var group = ServiceTargets.Build(service, name => name == "team-a" ? ns : null);

        AssertGroup("svc/team-a/web",
            L("__meta_kubernetes_namespace", "team-a",
              "__meta_kubernetes_service_name", "web",
              "__meta_kubernetes_namespace_label_kubernetes_io_metadata_name", "team-a",
              "__meta_kubernetes_namespace_labelpresent_kubernetes_io_metadata_name", "true",
              "__meta_kubernetes_namespace_annotation_owner", "team-a@example.com",
              "__meta_kubernetes_namespace_annotationpresent_owner", "true"),
            [
                L("__address__", "web.team-a.svc:80",
                  "__meta_kubernetes_service_port_name", "",
                  "__meta_kubernetes_service_port_number", "80",
                  "__meta_kubernetes_service_port_protocol", "TCP",
                  "__meta_kubernetes_service_type", "ClusterIP",
                  "__meta_kubernetes_service_cluster_ip", "10.96.1.1"),
            ],
            group);
    }

    [Theory]
    [InlineData("app", "app")]
    [InlineData("app.kubernetes.io/name", "app_kubernetes_io_name")]
    [InlineData("helm.sh/chart", "helm_sh_chart")]
    [InlineData("größe", "gr__e")]
    [InlineData("team-😀", "team__")]
    [InlineData("9lives", "9lives")]
    public void SanitizeLabelName_ReplacesEachInvalidCodePointWithOneUnderscore(string key, string expected)
    {
        Assert.Equal(expected, MetaLabels.SanitizeLabelName(key));
    }

    [Fact]
    public void Build_LabelKeysSanitisingToTheSameName_LaterKeyInOrdinalOrderWins()
    {
        var service = Service("web", "default", new V1ServiceSpec { Type = "ClusterIP" },
            labels: new() { ["a_b"] = "underscore", ["a.b"] = "dot" });

        var group = ServiceTargets.Build(service);

        Assert.Equal("underscore", group.Labels.Get("__meta_kubernetes_service_label_a_b"));
        Assert.Equal(4, group.Labels.Count);
    }
}
