using MetricsServer.Model.Labels;
using YamlDotNet.RepresentationModel;

namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    /// <summary>Prometheus 3's scrape protocols, in the default order of preference.</summary>
    public static IReadOnlyList<string> DefaultScrapeProtocols { get; } =
        ["OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4"];

    /// <summary>Every value <c>scrape_protocols</c> and <c>fallback_scrape_protocol</c> accept.</summary>
    public static IReadOnlyList<string> SupportedScrapeProtocols { get; } =
        ["PrometheusProto", "OpenMetricsText0.0.1", "OpenMetricsText1.0.0", "PrometheusText0.0.4", "PrometheusText1.0.0"];

    private static readonly TimeSpan DefaultGlobalScrapeTimeout = TimeSpan.FromSeconds(10);

    private static void Validate(PrometheusConfig config, LoadContext context, ConfigLocation root)
    {
        // A document that names a section but leaves it empty (`global:`) gives null; Prometheus treats it as default.
        config.Global ??= new GlobalConfig();
        config.RuleFiles ??= [];
        config.ScrapeConfigFiles ??= [];
        config.ScrapeConfigs ??= [];
        config.Alerting ??= new AlertingConfig();
        config.RemoteWrite ??= [];
        config.RemoteRead ??= [];

        ValidateGlobal(config.Global, context, root.Child("global"));

        var files = root.Child("rule_files");
        for (var i = 0; i < config.RuleFiles.Count; i++) ValidateGlob(config.RuleFiles[i], "rule file", context, files.Item(i));
        var scrapeFiles = root.Child("scrape_config_files");
        for (var i = 0; i < config.ScrapeConfigFiles.Count; i++)
        {
            ValidateGlob(config.ScrapeConfigFiles[i], "scrape config file", context, scrapeFiles.Item(i));
        }

        var jobs = new HashSet<string>(StringComparer.Ordinal);
        var scrapes = root.Child("scrape_configs");
        for (var i = 0; i < config.ScrapeConfigs.Count; i++)
        {
            var scrape = config.ScrapeConfigs[i];
            var at = scrapes.Item(i);
            if (scrape is null) throw context.Error(at, "empty or null scrape config section");
            if (!string.IsNullOrEmpty(scrape.JobName)) at = at.WithScope($"{at.Scope} (job \"{scrape.JobName}\")");
            ValidateScrape(scrape, config.Global, context, at);
            if (!jobs.Add(scrape.JobName))
            {
                throw context.Error(at.Child("job_name"), $"found multiple scrape configs with job name \"{scrape.JobName}\"");
            }
        }

        ValidateAlerting(config.Alerting, context, root.Child("alerting"));
        ValidateRemote(config, context, root);
        ValidateStorageAndTracing(config, context, root);
    }

    private static void ValidateGlob(string pattern, string what, LoadContext context, ConfigLocation at)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw context.Error(at, $"invalid {what} path \"{pattern}\"");
        var open = pattern.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0 && pattern.IndexOf(']', open) < 0) throw context.Error(at, $"invalid {what} path \"{pattern}\": syntax error in pattern");
    }

    private static void ValidateGlobal(GlobalConfig global, LoadContext context, ConfigLocation at)
    {
        global.ScrapeProtocols ??= [];
        global.ExternalLabels ??= [];
        if (global.ScrapeInterval <= TimeSpan.Zero) global.ScrapeInterval = new GlobalConfig().ScrapeInterval;
        if (!at.Child("scrape_timeout").IsSet || global.ScrapeTimeout <= TimeSpan.Zero)
        {
            global.ScrapeTimeout = DefaultGlobalScrapeTimeout > global.ScrapeInterval ? global.ScrapeInterval : DefaultGlobalScrapeTimeout;
        }
        if (global.ScrapeTimeout > global.ScrapeInterval)
        {
            throw context.Error(at.Child("scrape_timeout"), "global scrape timeout greater than scrape interval");
        }
        if (global.EvaluationInterval <= TimeSpan.Zero) global.EvaluationInterval = new GlobalConfig().EvaluationInterval;
        if (global.ScrapeProtocols.Count == 0)
        {
            global.ScrapeProtocols = [.. DefaultScrapeProtocols];
        }
        else
        {
            ValidateProtocols(global.ScrapeProtocols, context, at.Child("scrape_protocols"));
        }
        var labels = at.Child("external_labels");
        foreach (var (name, value) in global.ExternalLabels)
        {
            if (!LabelNames.IsValidLabelName(name)) throw context.Error(labels.Entry(name), at, $"\"{name}\" is not a valid label name");
            if (string.IsNullOrEmpty(value)) throw context.Error(labels.Entry(name), at, $"empty value for external label \"{name}\"");
        }
        ValidateLimits(global.SampleLimit, global.TargetLimit, global.LabelLimit, global.LabelNameLengthLimit,
            global.LabelValueLengthLimit, global.KeepDroppedTargets, global.BodySizeLimit, context, at);
        global.MetricNameValidationScheme = ValidationScheme(global.MetricNameValidationScheme, context, at);
        global.MetricNameEscapingScheme = EscapingScheme(global.MetricNameEscapingScheme, global.MetricNameValidationScheme, context, at);
    }

    private static void ValidateProtocols(List<string> protocols, LoadContext context, ConfigLocation at)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < protocols.Count; i++)
        {
            var p = protocols[i];
            if (!SupportedScrapeProtocols.Contains(p))
            {
                throw context.Error(at.Item(i), at, $"unknown scrape protocol {p}, supported: {string.Join(", ", SupportedScrapeProtocols)}");
            }
            if (!seen.Add(p)) throw context.Error(at.Item(i), at, $"duplicated protocol in scrape_protocols, got {p}");
        }
    }

    private static void ValidateLimits(
        long sample, long target, long label, long nameLength, long valueLength, long keepDropped, long bodySize,
        LoadContext context, ConfigLocation at)
    {
        // Prometheus's limits are unsigned; a negative number is an unmarshal error there.
        (string Field, long Value)[] limits =
        [
            ("sample_limit", sample), ("target_limit", target), ("label_limit", label), ("label_name_length_limit", nameLength),
            ("label_value_length_limit", valueLength), ("keep_dropped_targets", keepDropped), ("body_size_limit", bodySize),
        ];
        foreach (var (field, value) in limits)
        {
            if (value < 0) throw context.Error(at.Child(field), at, $"{field} must not be negative, got {value}");
        }
    }

    private static string ValidationScheme(string? scheme, LoadContext context, ConfigLocation at) => scheme switch
    {
        null or "" or "utf8" => "utf8",
        "legacy" => "legacy",
        _ => throw context.Error(at.Child("metric_name_validation_scheme"), at, $"unknown global name validation method specified, must be either '', 'legacy' or 'utf8', got {scheme}"),
    };

    private static string EscapingScheme(string? scheme, string validation, LoadContext context, ConfigLocation at)
    {
        switch (scheme)
        {
            case null or "":
                return validation == "legacy" ? "underscores" : "allow-utf-8";
            case "allow-utf-8":
                if (validation == "legacy")
                {
                    throw context.Error(at.Child("metric_name_escaping_scheme"), at,
                        "metric_name_escaping_scheme cannot be set to 'allow-utf-8' while metric_name_validation_scheme is not set to 'utf8'");
                }
                return scheme;
            case "underscores" or "dots" or "values":
                return scheme;
            default:
                throw context.Error(at.Child("metric_name_escaping_scheme"), at,
                    $"unknown name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got {scheme}");
        }
    }

    private static void ValidateScrape(ScrapeConfig scrape, GlobalConfig global, LoadContext context, ConfigLocation at)
    {
        if (string.IsNullOrEmpty(scrape.JobName)) throw context.Error(at.Child("job_name"), at, "job_name is empty");
        scrape.Params ??= [];
        scrape.ScrapeProtocols ??= [];
        scrape.StaticConfigs ??= [];
        scrape.FileSdConfigs ??= [];
        scrape.KubernetesSdConfigs ??= [];
        scrape.RelabelConfigs ??= [];
        scrape.MetricRelabelConfigs ??= [];

        ValidateHttpClient(scrape, context, at);

        // Inheritance from global, as Prometheus does it: a job whose interval is below the global timeout and which
        // sets no timeout of its own scrapes with timeout = interval.
        if (scrape.ScrapeInterval <= TimeSpan.Zero) scrape.ScrapeInterval = global.ScrapeInterval;
        if (scrape.ScrapeTimeout <= TimeSpan.Zero)
        {
            scrape.ScrapeTimeout = global.ScrapeTimeout > scrape.ScrapeInterval ? scrape.ScrapeInterval : global.ScrapeTimeout;
        }
        if (scrape.ScrapeTimeout > scrape.ScrapeInterval)
        {
            var where = at.Child("scrape_timeout").IsSet ? at.Child("scrape_timeout") : at.Child("scrape_interval");
            throw context.Error(where, at, "scrape timeout greater than scrape interval");
        }
        if (scrape.ScrapeProtocols.Count == 0)
        {
            scrape.ScrapeProtocols = [.. global.ScrapeProtocols];
        }
        else
        {
            ValidateProtocols(scrape.ScrapeProtocols, context, at.Child("scrape_protocols"));
        }
        if (!string.IsNullOrEmpty(scrape.FallbackScrapeProtocol) && !SupportedScrapeProtocols.Contains(scrape.FallbackScrapeProtocol))
        {
            throw context.Error(at.Child("fallback_scrape_protocol"), at,
                $"invalid fallback_scrape_protocol: unknown scrape protocol {scrape.FallbackScrapeProtocol}, supported: {string.Join(", ", SupportedScrapeProtocols)}");
        }
        if (scrape.BodySizeLimit == 0) scrape.BodySizeLimit = global.BodySizeLimit;
        if (scrape.SampleLimit == 0) scrape.SampleLimit = global.SampleLimit;
        if (scrape.TargetLimit == 0) scrape.TargetLimit = global.TargetLimit;
        if (scrape.LabelLimit == 0) scrape.LabelLimit = global.LabelLimit;
        if (scrape.LabelNameLengthLimit == 0) scrape.LabelNameLengthLimit = global.LabelNameLengthLimit;
        if (scrape.LabelValueLengthLimit == 0) scrape.LabelValueLengthLimit = global.LabelValueLengthLimit;
        if (scrape.KeepDroppedTargets == 0) scrape.KeepDroppedTargets = global.KeepDroppedTargets;
        ValidateLimits(scrape.SampleLimit, scrape.TargetLimit, scrape.LabelLimit, scrape.LabelNameLengthLimit,
            scrape.LabelValueLengthLimit, scrape.KeepDroppedTargets, scrape.BodySizeLimit, context, at);
        if (scrape.NativeHistogramBucketLimit < 0) throw context.Error(at.Child("native_histogram_bucket_limit"), at, "native_histogram_bucket_limit must not be negative");
        if (!at.Child("always_scrape_classic_histograms").IsSet) scrape.AlwaysScrapeClassicHistograms = global.AlwaysScrapeClassicHistograms ?? false;
        if (!at.Child("convert_classic_histograms_to_nhcb").IsSet) scrape.ConvertClassicHistogramsToNhcb = global.ConvertClassicHistogramsToNhcb ?? false;
        if (string.IsNullOrEmpty(scrape.ScrapeFailureLogFile)) scrape.ScrapeFailureLogFile = global.ScrapeFailureLogFile;

        scrape.MetricNameValidationScheme = string.IsNullOrEmpty(scrape.MetricNameValidationScheme)
            ? global.MetricNameValidationScheme ?? "utf8"
            : ValidationScheme(scrape.MetricNameValidationScheme, context, at);
        if (global.MetricNameValidationScheme == "legacy" && scrape.MetricNameValidationScheme == "utf8")
        {
            throw context.Error(at.Child("metric_name_validation_scheme"), at,
                "utf8 metric names requested but validation scheme is not set to UTF8 in global config");
        }
        scrape.MetricNameEscapingScheme = string.IsNullOrEmpty(scrape.MetricNameEscapingScheme) && scrape.MetricNameValidationScheme == global.MetricNameValidationScheme
            ? global.MetricNameEscapingScheme
            : EscapingScheme(scrape.MetricNameEscapingScheme, scrape.MetricNameValidationScheme, context, at);

        if (scrape.Scheme is not ("http" or "https"))
        {
            throw context.Error(at.Child("scheme"), at, $"unknown scheme \"{scrape.Scheme}\": must be \"http\" or \"https\"");
        }
        if (string.IsNullOrEmpty(scrape.MetricsPath) || scrape.MetricsPath[0] != '/')
        {
            throw context.Error(at.Child("metrics_path"), at, $"metrics_path \"{scrape.MetricsPath}\" must start with \"/\"");
        }

        ValidateStaticConfigs(scrape.StaticConfigs, context, at.Child("static_configs"));
        ValidateFileSdConfigs(scrape.FileSdConfigs, context, at.Child("file_sd_configs"));
        ValidateKubernetesSdConfigs(scrape.KubernetesSdConfigs, context, at.Child("kubernetes_sd_configs"));
        ValidateRelabelConfigs(scrape.RelabelConfigs, context, at.Child("relabel_configs"));
        ValidateRelabelConfigs(scrape.MetricRelabelConfigs, context, at.Child("metric_relabel_configs"));
    }

    /// <summary>Whether the mapping at <paramref name="at"/> has any key at all (an empty section is still a default).</summary>
    private static bool HasEntries(ConfigLocation at) => at.Node is YamlMappingNode { Children.Count: > 0 };
}
