using BenchmarkDotNet.Attributes;
using MetricsServer.Config;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;

namespace MetricsServer.Benchmarks.Relabel;

/// <summary>
/// The relabel engine on realistic inputs: the usual ten-rule Kubernetes pod scrape config over a discovered pod's
/// labels (target relabeling), and a metric_relabel_configs drop rule over a scraped series (the per-series hot path).
/// </summary>
[MemoryDiagnoser]
public class RelabelBenchmarks
{
    private RelabelRules _podRules = RelabelRules.Empty;
    private RelabelRules _metricRules = RelabelRules.Empty;
    private LabelSet _pod = LabelSet.Empty;
    private LabelSet _series = LabelSet.Empty;
    private readonly LabelSetBuilder _builder = new();

    [GlobalSetup]
    public void Setup()
    {
        _podRules = RelabelRules.Compile(
        [
            new() { Action = RelabelAction.Keep, SourceLabels = ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], Regex = "true" },
            new() { Action = RelabelAction.Drop, SourceLabels = ["__meta_kubernetes_pod_phase"], Regex = "Pending|Succeeded|Failed|Completed" },
            new() { SourceLabels = ["__meta_kubernetes_pod_annotation_prometheus_io_scheme"], Regex = "(https?)", TargetLabel = "__scheme__" },
            new() { SourceLabels = ["__meta_kubernetes_pod_annotation_prometheus_io_path"], Regex = "(.+)", TargetLabel = "__metrics_path__" },
            new()
            {
                SourceLabels = ["__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"],
                Regex = @"([^:]+)(?::\d+)?;(\d+)", Replacement = "$1:$2", TargetLabel = "__address__",
            },
            new() { Action = RelabelAction.LabelMap, Regex = "__meta_kubernetes_pod_label_(.+)" },
            new() { SourceLabels = ["__meta_kubernetes_namespace"], TargetLabel = "namespace" },
            new() { SourceLabels = ["__meta_kubernetes_pod_name"], TargetLabel = "pod" },
            new() { SourceLabels = ["__meta_kubernetes_pod_node_name"], TargetLabel = "node" },
            new() { Action = RelabelAction.HashMod, SourceLabels = ["__address__"], Modulus = 4, TargetLabel = "__tmp_hash" },
        ]);
        _pod = LabelSet.FromStrings(
            "__address__", "10.244.1.17:8080",
            "__meta_kubernetes_namespace", "payments",
            "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true",
            "__meta_kubernetes_pod_annotation_prometheus_io_port", "9102",
            "__meta_kubernetes_pod_annotation_prometheus_io_path", "/metrics",
            "__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape", "true",
            "__meta_kubernetes_pod_container_name", "api",
            "__meta_kubernetes_pod_container_port_name", "http",
            "__meta_kubernetes_pod_container_port_number", "8080",
            "__meta_kubernetes_pod_container_port_protocol", "TCP",
            "__meta_kubernetes_pod_controller_kind", "ReplicaSet",
            "__meta_kubernetes_pod_controller_name", "payments-api-7d9f8b6c5d",
            "__meta_kubernetes_pod_host_ip", "10.0.3.12",
            "__meta_kubernetes_pod_ip", "10.244.1.17",
            "__meta_kubernetes_pod_label_app", "payments-api",
            "__meta_kubernetes_pod_label_app_kubernetes_io_version", "1.42.0",
            "__meta_kubernetes_pod_label_pod_template_hash", "7d9f8b6c5d",
            "__meta_kubernetes_pod_labelpresent_app", "true",
            "__meta_kubernetes_pod_name", "payments-api-7d9f8b6c5d-x2kqp",
            "__meta_kubernetes_pod_node_name", "gke-prod-pool-1-3c1a",
            "__meta_kubernetes_pod_phase", "Running",
            "__meta_kubernetes_pod_ready", "true",
            "__meta_kubernetes_pod_uid", "5f0c1c8e-8d0b-4b8e-9a51-3f1b2a7f9e10",
            "__metrics_path__", "/metrics",
            "__scheme__", "http",
            "job", "kubernetes-pods");

        _metricRules = RelabelRules.Compile(
        [
            new() { Action = RelabelAction.Drop, SourceLabels = ["__name__"], Regex = "go_gc_.*|process_.*" },
            new() { Action = RelabelAction.LabelDrop, Regex = "pod_template_hash" },
        ]);
        _series = LabelSet.FromStrings(
            "__name__", "http_requests_total", "code", "200", "method", "GET", "handler", "/api/v1/pay",
            "instance", "10.244.1.17:9102", "job", "kubernetes-pods", "namespace", "payments", "pod", "payments-api-7d9f8b6c5d-x2kqp");
    }

    [Benchmark(Baseline = true)]
    public LabelSet? TargetRelabel_KubernetesPod() => Relabeler.Process(_pod, _podRules);

    [Benchmark]
    public bool TargetRelabel_KubernetesPod_Builder() => Relabeler.Process(_builder.Reset(_pod), _podRules);

    [Benchmark]
    public bool MetricRelabel_Series_Builder() => Relabeler.Process(_builder.Reset(_series), _metricRules);
}
