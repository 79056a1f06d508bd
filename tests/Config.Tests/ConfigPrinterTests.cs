namespace MetricsServer.Config.Tests;

public class ConfigPrinterTests
{
    /// <summary>A realistic file that sets every scrape_config field configuration.md lists, and the other sections.</summary>
    internal const string FullConfig = """
        global:
          scrape_interval: 30s
          scrape_timeout: 15s
          evaluation_interval: 45s
          rule_query_offset: 10s
          scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]
          external_labels:
            cluster: prod-eu-1
            replica: a
          query_log_file: /var/log/prometheus/query.log
          body_size_limit: 100MB
          sample_limit: 50000
          label_limit: 64
          label_name_length_limit: 128
          label_value_length_limit: 2048
          target_limit: 1000
          keep_dropped_targets: 100
        rule_files:
          - /etc/prometheus/rules/*.yml
        scrape_configs:
          - job_name: node
            scrape_interval: 1m
            scrape_timeout: 20s
            scrape_protocols: [PrometheusProto, OpenMetricsText1.0.0]
            fallback_scrape_protocol: PrometheusText0.0.4
            always_scrape_classic_histograms: true
            convert_classic_histograms_to_nhcb: true
            metrics_path: /probe
            honor_labels: true
            honor_timestamps: false
            track_timestamps_staleness: true
            scheme: https
            params:
              module: [http_2xx]
              target: [example.com, example.org]
            enable_compression: false
            basic_auth:
              username: scraper
              password: BASIC-PASSWORD-VALUE
            follow_redirects: false
            enable_http2: false
            tls_config:
              ca_file: /etc/prometheus/ca.crt
              cert_file: /etc/prometheus/client.crt
              key_file: /etc/prometheus/client.key
              server_name: node.example.com
              insecure_skip_verify: true
              min_version: TLS12
              max_version: TLS13
            proxy_url: http://proxy.internal:3128
            no_proxy: localhost,10.0.0.0/8
            proxy_connect_header:
              Proxy-Token: [PROXY-HEADER-SECRET]
            http_headers:
              X-Scope-OrgID:
                values: [tenant-1]
              X-Api-Key:
                secrets: [HTTP-HEADER-SECRET]
            static_configs:
              - targets: ["node-1:9100", "node-2:9100"]
                labels:
                  env: prod
                  rack: r1
            file_sd_configs:
              - files: [/etc/prometheus/targets/*.json, /etc/prometheus/targets/*.yml]
                refresh_interval: 2m
            kubernetes_sd_configs:
              - role: endpointslice
                api_server: https://kubernetes.default.svc:443
                authorization:
                  credentials: K8S-CREDENTIALS-VALUE
                tls_config:
                  ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                namespaces:
                  own_namespace: true
                  names: [monitoring, default]
                selectors:
                  - role: pod
                    label: app=node-exporter
                  - role: service
                    field: metadata.name=node-exporter
                attach_metadata:
                  node: true
                  namespace: true
            relabel_configs:
              - source_labels: [__address__]
                target_label: __param_target
              - source_labels: [__param_target]
                target_label: instance
              - target_label: __address__
                replacement: blackbox:9115
              - source_labels: [__meta_kubernetes_pod_name]
                separator: "/"
                regex: (.+)-[a-z0-9]+
                target_label: deployment
                replacement: ${1}
                action: replace
              - source_labels: [instance]
                modulus: 8
                target_label: __tmp_hash
                action: hashmod
              - regex: __meta_kubernetes_pod_label_(.+)
                action: labelmap
              - regex: tmp_.*
                action: labeldrop
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: go_gc_.*
                action: drop
              - source_labels: [job]
                target_label: job_lower
                action: lowercase
            body_size_limit: 10MB
            sample_limit: 1000
            label_limit: 30
            label_name_length_limit: 64
            label_value_length_limit: 256
            target_limit: 50
            keep_dropped_targets: 10
            metric_name_validation_scheme: legacy
            metric_name_escaping_scheme: underscores
            native_histogram_bucket_limit: 160
            native_histogram_min_bucket_factor: 1.1
            scrape_failure_log_file: /var/log/prometheus/scrape-failures.log
          - job_name: oauth
            oauth2:
              client_id: prometheus
              client_secret: OAUTH-CLIENT-SECRET
              scopes: [metrics.read]
              token_url: https://auth.example.com/token
              endpoint_params:
                audience: metrics
            static_configs:
              - targets: ["api:8443"]
          - job_name: bearer
            bearer_token: BEARER-TOKEN-VALUE
            static_configs:
              - targets: ["legacy:80"]
          - job_name: tls-inline
            scheme: https
            tls_config:
              cert: "-----BEGIN CERTIFICATE-----"
              key: TLS-PRIVATE-KEY-VALUE
            static_configs:
              - targets: ["mtls:443"]
        alerting:
          alert_relabel_configs:
            - regex: replica
              action: labeldrop
          alertmanagers:
            - scheme: http
              path_prefix: /alertmanager
              timeout: 5s
              api_version: v2
              static_configs:
                - targets: ["alertmanager:9093"]
        remote_write:
          - url: https://mimir.example.com/api/v1/push
            name: mimir
            remote_timeout: 20s
            headers:
              X-Scope-OrgID: tenant-1
            basic_auth:
              username: writer
              password: REMOTE-WRITE-PASSWORD
            write_relabel_configs:
              - source_labels: [__name__]
                regex: expensive_.*
                action: drop
            queue_config:
              capacity: 20000
              max_shards: 100
              min_shards: 2
              max_samples_per_send: 5000
              batch_send_deadline: 10s
              min_backoff: 50ms
              max_backoff: 10s
              retry_on_http_429: true
            metadata_config:
              send: true
              send_interval: 2m
        remote_read:
          - url: https://thanos.example.com/api/v1/read
            read_recent: true
            required_matchers:
              team: infra
        storage:
          tsdb:
            out_of_order_time_window: 30m
          exemplars:
            max_exemplars: 200000
        tracing:
          client_type: grpc
          endpoint: otel-collector:4317
          sampling_fraction: 0.1
          insecure: true
          compression: gzip
          timeout: 5s
        """;

    private static readonly string[] SecretValues =
    [
        "BASIC-PASSWORD-VALUE", "PROXY-HEADER-SECRET", "HTTP-HEADER-SECRET", "K8S-CREDENTIALS-VALUE", "OAUTH-CLIENT-SECRET",
        "BEARER-TOKEN-VALUE", "TLS-PRIVATE-KEY-VALUE", "REMOTE-WRITE-PASSWORD",
    ];

    [Fact]
    public void ToYaml_FullConfig_NeverPrintsASecretValue()
    {
        var config = ConfigLoader.Load(FullConfig, null);
        var printed = ConfigPrinter.ToYaml(config);
        foreach (var secret in SecretValues) Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        Assert.Contains("password: <secret>", printed, StringComparison.Ordinal);
        Assert.Contains("bearer_token: <secret>", printed, StringComparison.Ordinal);
        Assert.Contains("client_secret: <secret>", printed, StringComparison.Ordinal);
        Assert.Contains("key: <secret>", printed, StringComparison.Ordinal);
        Assert.Contains("credentials: <secret>", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_PrintsEffectiveValuesInPrometheusForm()
    {
        var printed = ConfigPrinter.ToYaml(ConfigLoader.Load("global:\n  scrape_interval: 90s\nscrape_configs:\n  - job_name: a\n", null));
        Assert.Contains("scrape_interval: 1m30s", printed, StringComparison.Ordinal);
        Assert.Contains("scrape_timeout: 10s", printed, StringComparison.Ordinal);
        Assert.Contains("evaluation_interval: 1m", printed, StringComparison.Ordinal);
        Assert.Contains("job_name: a", printed, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", printed, StringComparison.Ordinal);
        Assert.Contains("- OpenMetricsText1.0.0", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("source_file", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_FullConfig_LoadsAgainToTheSameText()
    {
        var first = ConfigPrinter.ToYaml(ConfigLoader.Load(FullConfig, null));
        var second = ConfigPrinter.ToYaml(ConfigLoader.Load(first, null));
        Assert.Equal(first, second);
        Assert.Contains("action: hashmod", first, StringComparison.Ordinal);
        Assert.Contains("body_size_limit: 10MiB", first, StringComparison.Ordinal);
    }
}
