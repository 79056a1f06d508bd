using System.Text.RegularExpressions;
using MetricsServer.Model.Labels;

namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    // What file_sd accepts: any directory, a '*' only in the last path element, and a .json/.yml/.yaml file.
    private static readonly Regex FileSdPattern = new(
        @"^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly Dictionary<string, string[]> AllowedSelectorRoles = new(StringComparer.Ordinal)
    {
        ["endpoints"] = ["pod", "service", "endpoints"],
        ["endpointslice"] = ["pod", "service", "endpointslice"],
        ["ingress"] = ["ingress"],
        ["node"] = ["node"],
        ["pod"] = ["pod"],
        ["service"] = ["service"],
    };

    private static void ValidateStaticConfigs(List<StaticConfig>? groups, LoadContext context, ConfigLocation at)
    {
        if (groups is null) return;
        for (var i = 0; i < groups.Count; i++)
        {
            var item = at.Item(i);
            if (groups[i] is not { } group) throw context.Error(item, "empty or null section in static_configs");
            group.Targets ??= [];
            group.Labels ??= [];
            var targets = item.Child("targets");
            for (var t = 0; t < group.Targets.Count; t++)
            {
                var target = group.Targets[t];
                if (string.IsNullOrEmpty(target)) throw context.Error(targets.Item(t), item, "empty target address");
                if (target.Contains('/', StringComparison.Ordinal))
                {
                    throw context.Error(targets.Item(t), item, $"\"{target}\" is not a valid hostname");
                }
            }
            ValidateLabelSet(group.Labels, context, item.Child("labels"), item);
        }
    }

    private static void ValidateLabelSet(Dictionary<string, string> labels, LoadContext context, ConfigLocation at, ConfigLocation scope)
    {
        foreach (var (name, value) in labels)
        {
            if (!LabelNames.IsValidLabelName(name)) throw context.Error(at.Entry(name), scope, $"\"{name}\" is not a valid label name");
            if (value is null) throw context.Error(at.Entry(name), scope, $"label \"{name}\" has no value");
        }
    }

    private static void ValidateFileSdConfigs(List<FileSdConfig>? configs, LoadContext context, ConfigLocation at)
    {
        if (configs is null) return;
        for (var i = 0; i < configs.Count; i++)
        {
            var item = at.Item(i);
            if (configs[i] is not { } sd) throw context.Error(item, "empty or null section in file_sd_configs");
            sd.Files ??= [];
            if (sd.Files.Count == 0) throw context.Error(item, "file service discovery config must contain at least one path name");
            for (var f = 0; f < sd.Files.Count; f++)
            {
                if (!FileSdPattern.IsMatch(sd.Files[f] ?? string.Empty))
                {
                    throw context.Error(item.Child("files").Item(f), item, $"path name \"{sd.Files[f]}\" is not valid for file discovery");
                }
            }
            if (sd.RefreshInterval <= TimeSpan.Zero) sd.RefreshInterval = new FileSdConfig().RefreshInterval;
        }
    }

    private static void ValidateKubernetesSdConfigs(List<KubernetesSdConfig>? configs, LoadContext context, ConfigLocation at)
    {
        if (configs is null) return;
        for (var i = 0; i < configs.Count; i++)
        {
            var item = at.Item(i);
            if (configs[i] is not { } sd) throw context.Error(item, "empty or null section in kubernetes_sd_configs");
            sd.Namespaces ??= new KubernetesNamespaces();
            sd.Namespaces.Names ??= [];
            sd.Selectors ??= [];
            sd.AttachMetadata ??= new KubernetesAttachMetadata();
            if (string.IsNullOrEmpty(sd.Role))
            {
                throw context.Error(item.Child("role"), item, "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
            }
            if (!AllowedSelectorRoles.TryGetValue(sd.Role, out var allowed))
            {
                throw context.Error(item.Child("role"), item, $"unknown Kubernetes SD role \"{sd.Role}\"");
            }
            ValidateHttpClient(sd, context, item);
            if (!string.IsNullOrEmpty(sd.ApiServer))
            {
                ValidateUrl(sd.ApiServer, "api_server", context, item.Child("api_server"), item);
                if (!string.IsNullOrEmpty(sd.KubeconfigFile))
                {
                    throw context.Error(item.Child("kubeconfig_file"), item, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
                }
            }
            else if (HasCustomHttpClient(sd))
            {
                throw context.Error(item, item, string.IsNullOrEmpty(sd.KubeconfigFile)
                    ? "to use custom HTTP client configuration please provide the 'api_server' URL explicitly"
                    : "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var selectors = item.Child("selectors");
            for (var s = 0; s < sd.Selectors.Count; s++)
            {
                var selector = sd.Selectors[s];
                var sel = selectors.Item(s);
                if (selector is null) throw context.Error(sel, item, "empty selector");
                if (!allowed.Contains(selector.Role))
                {
                    throw context.Error(sel.Child("role"), item,
                        $"{sd.Role} role supports only {string.Join(", ", allowed)} selectors, not \"{selector.Role}\"");
                }
                if (!seen.Add(selector.Role)) throw context.Error(sel.Child("role"), item, $"duplicated selector role: {selector.Role}");
            }
        }
    }

    // The HTTP client fields that only make sense with an explicit api_server. Values, not presence, count: a printed
    // config spells out default sections such as tls_config and must load again.
    private static bool HasCustomHttpClient(KubernetesSdConfig sd)
    {
        var tls = sd.TlsConfig;
        var customTls = tls.CaFile is { Length: > 0 } || tls.Ca is { Length: > 0 } || tls.CertFile is { Length: > 0 }
            || tls.Cert is { Length: > 0 } || tls.KeyFile is { Length: > 0 } || tls.Key is not null
            || tls.ServerName is { Length: > 0 } || tls.InsecureSkipVerify;
        return sd.BasicAuth is not null || sd.Authorization is not null || sd.Oauth2 is not null || sd.BearerToken is not null
            || sd.BearerTokenFile is { Length: > 0 } || customTls || sd.ProxyUrl is { Length: > 0 } || sd.HttpHeaders is { Count: > 0 };
    }
}
