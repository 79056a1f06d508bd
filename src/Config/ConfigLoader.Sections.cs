namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    private static void ValidateAlerting(AlertingConfig alerting, LoadContext context, ConfigLocation at)
    {
        alerting.AlertRelabelConfigs ??= [];
        alerting.Alertmanagers ??= [];
        ValidateRelabelConfigs(alerting.AlertRelabelConfigs, context, at.Child("alert_relabel_configs"));
        var managers = at.Child("alertmanagers");
        for (var i = 0; i < alerting.Alertmanagers.Count; i++)
        {
            var item = managers.Item(i);
            if (alerting.Alertmanagers[i] is not { } am) throw context.Error(item, "empty or null alertmanager config");
            am.StaticConfigs ??= [];
            am.FileSdConfigs ??= [];
            am.KubernetesSdConfigs ??= [];
            am.RelabelConfigs ??= [];
            am.AlertRelabelConfigs ??= [];
            ValidateHttpClient(am, context, item);
            if (am.ApiVersion != "v2")
            {
                throw context.Error(item.Child("api_version"), item, $"expected Alertmanager api version to be one of [v2] but got {am.ApiVersion}");
            }
            if (am.Scheme is not ("http" or "https"))
            {
                throw context.Error(item.Child("scheme"), item, $"unknown scheme \"{am.Scheme}\": must be \"http\" or \"https\"");
            }
            if (am.Timeout <= TimeSpan.Zero) throw context.Error(item.Child("timeout"), item, "timeout must be positive");
            ValidateStaticConfigs(am.StaticConfigs, context, item.Child("static_configs"));
            ValidateFileSdConfigs(am.FileSdConfigs, context, item.Child("file_sd_configs"));
            ValidateKubernetesSdConfigs(am.KubernetesSdConfigs, context, item.Child("kubernetes_sd_configs"));
            ValidateRelabelConfigs(am.RelabelConfigs, context, item.Child("relabel_configs"));
            ValidateRelabelConfigs(am.AlertRelabelConfigs, context, item.Child("alert_relabel_configs"));
        }
    }

    private static void ValidateRemote(PrometheusConfig config, LoadContext context, ConfigLocation root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var writes = root.Child("remote_write");
        for (var i = 0; i < config.RemoteWrite.Count; i++)
        {
            var item = writes.Item(i);
            if (config.RemoteWrite[i] is not { } rw) throw context.Error(item, "empty or null remote write config section");
            rw.Headers ??= [];
            rw.WriteRelabelConfigs ??= [];
            rw.QueueConfig ??= new QueueConfig();
            rw.MetadataConfig ??= new MetadataConfig();
            if (string.IsNullOrEmpty(rw.Url)) throw context.Error(item.Child("url"), item, "url for remote_write is empty");
            ValidateRemoteUrl(rw.Url, context, item);
            if (!string.IsNullOrEmpty(rw.Name) && !names.Add(rw.Name))
            {
                throw context.Error(item.Child("name"), item, $"found multiple remote write configs with job name \"{rw.Name}\"");
            }
            ValidateHeaders(rw.Headers, context, item.Child("headers"), item);
            ValidateHttpClient(rw, context, item);
            ValidateRelabelConfigs(rw.WriteRelabelConfigs, context, item.Child("write_relabel_configs"));
            if (rw.ProtobufMessage is not ("prometheus.WriteRequest" or "io.prometheus.write.v2.Request"))
            {
                throw context.Error(item.Child("protobuf_message"), item,
                    $"unknown remote write protobuf message {rw.ProtobufMessage}, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request");
            }
            var q = rw.QueueConfig;
            if (q.Capacity <= 0 || q.MaxShards <= 0 || q.MinShards <= 0 || q.MaxSamplesPerSend <= 0)
            {
                throw context.Error(item.Child("queue_config"), item, "queue_config capacity, max_shards, min_shards and max_samples_per_send must be positive");
            }
            if (q.MinShards > q.MaxShards) throw context.Error(item.Child("queue_config"), item, "queue_config min_shards must not exceed max_shards");
        }
        names.Clear();
        var reads = root.Child("remote_read");
        for (var i = 0; i < config.RemoteRead.Count; i++)
        {
            var item = reads.Item(i);
            if (config.RemoteRead[i] is not { } rr) throw context.Error(item, "empty or null remote read config section");
            rr.Headers ??= [];
            rr.RequiredMatchers ??= [];
            if (string.IsNullOrEmpty(rr.Url)) throw context.Error(item.Child("url"), item, "url for remote_read is empty");
            ValidateRemoteUrl(rr.Url, context, item);
            if (!string.IsNullOrEmpty(rr.Name) && !names.Add(rr.Name))
            {
                throw context.Error(item.Child("name"), item, $"found multiple remote read configs with job name \"{rr.Name}\"");
            }
            ValidateHeaders(rr.Headers, context, item.Child("headers"), item);
            ValidateHttpClient(rr, context, item);
            ValidateLabelSet(rr.RequiredMatchers, context, item.Child("required_matchers"), item);
        }
    }

    private static void ValidateRemoteUrl(string url, LoadContext context, ConfigLocation item)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw context.Error(item.Child("url"), item, $"invalid url \"{url}\": must be an absolute http or https URL");
        }
    }

    private static void ValidateHeaders(Dictionary<string, string> headers, LoadContext context, ConfigLocation at, ConfigLocation scope)
    {
        foreach (var name in headers.Keys)
        {
            if (ReservedHeaders.Contains(name)) throw context.Error(at.Entry(name), scope, $"{name} is a reserved header. It must not be changed");
        }
    }

    private static void ValidateStorageAndTracing(PrometheusConfig config, LoadContext context, ConfigLocation root)
    {
        if (config.Storage?.Tsdb is { } tsdb && tsdb.OutOfOrderTimeWindow < TimeSpan.Zero)
        {
            throw context.Error(root.Child("storage").Child("tsdb").Child("out_of_order_time_window"), "out_of_order_time_window must not be negative");
        }
        if (config.Storage?.Exemplars is { } ex && ex.MaxExemplars < 0)
        {
            throw context.Error(root.Child("storage").Child("exemplars").Child("max_exemplars"), "max_exemplars must not be negative");
        }
        if (config.Tracing is { } tracing)
        {
            var at = root.Child("tracing");
            tracing.Headers ??= [];
            tracing.TlsConfig ??= new TlsConfig();
            if (string.IsNullOrEmpty(tracing.ClientType)) tracing.ClientType = "grpc";
            if (tracing.ClientType is not ("grpc" or "http"))
            {
                throw context.Error(at.Child("client_type"), at, $"unknown tracing client type: {tracing.ClientType}");
            }
            if (!string.IsNullOrEmpty(tracing.Compression) && tracing.Compression != "gzip")
            {
                throw context.Error(at.Child("compression"), at, $"invalid compression type {tracing.Compression} provided, valid options: gzip");
            }
            if (tracing.SamplingFraction is < 0 or > 1)
            {
                throw context.Error(at.Child("sampling_fraction"), at, "sampling_fraction must be between 0 and 1");
            }
            ValidateTls(tracing.TlsConfig, context, at.Child("tls_config"), at);
        }
        if (config.Otlp is { } otlp)
        {
            otlp.PromoteResourceAttributes ??= [];
        }
    }
}
