using MetricsServer.Config;
using MetricsServer.Discovery;
using MetricsServer.Model.Labels;
using MetricsServer.Relabel;

namespace MetricsServer.Rules.Notifier;

/// <summary>
/// One <c>alertmanagers</c> entry: its HTTP client, its compiled relabel rules, and the Alertmanagers its discovery
/// currently yields (replaced as a whole on each update, so readers take a consistent list without locking).
/// </summary>
internal sealed class AlertmanagerSet : IDisposable
{
    internal const string AlertsPathLabel = "__alerts_path__";

    public AlertmanagerSet(string name, string contentKey, AlertmanagerConfig config, HttpClient client)
    {
        Name = name;
        ContentKey = contentKey;
        Config = config;
        Client = client;
        TargetRelabel = RelabelRules.Compile(config.RelabelConfigs);
        AlertRelabel = RelabelRules.Compile(config.AlertRelabelConfigs);
        AlertsPath = "/" + string.Join('/', $"{config.PathPrefix}/api/{config.ApiVersion}/alerts".Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The discovery job name, <c>config-N</c> as in Prometheus.</summary>
    public string Name { get; }

    /// <summary>The entry's settings as text: equal text means the set (and its client) can be kept on reload.</summary>
    public string ContentKey { get; }

    public AlertmanagerConfig Config { get; }

    public HttpClient Client { get; }

    public RelabelRules TargetRelabel { get; }

    public RelabelRules AlertRelabel { get; }

    /// <summary><c>path_prefix</c> joined with <c>/api/v2/alerts</c>.</summary>
    public string AlertsPath { get; }

    public IReadOnlyList<TargetGroup> Groups => _state.Groups;

    public IReadOnlyList<AlertmanagerTarget> Active => _state.Active;

    public IReadOnlyList<AlertmanagerTarget> Dropped => _state.Dropped;

    // One reference, so that a reader never sees the active list of one update with the dropped list of another.
    private volatile State _state = new([], [], []);

    /// <summary>Turns discovered groups into Alertmanagers through the entry's <c>relabel_configs</c>.</summary>
    public void Update(IReadOnlyList<TargetGroup> groups)
    {
        var active = new List<AlertmanagerTarget>();
        var dropped = new List<AlertmanagerTarget>();
        var seen = new HashSet<Uri>();
        var builder = new LabelSetBuilder();
        foreach (var group in groups)
        {
            foreach (var target in group.Targets)
            {
                builder.Reset(target);
                foreach (var label in group.Labels)
                {
                    if (!builder.Has(label.Name)) builder.Set(label.Name, label.Value);
                }
                if (!builder.Has(AlertsPathLabel)) builder.Set(AlertsPathLabel, AlertsPath);
                if (!builder.Has(LabelNames.Scheme)) builder.Set(LabelNames.Scheme, Config.Scheme);
                var discovered = builder.ToLabelSet();
                var relabelled = Relabeler.Process(discovered, TargetRelabel);
                if (relabelled is null)
                {
                    if (ToUrl(discovered) is { } url) dropped.Add(new AlertmanagerTarget(url, discovered));
                    continue;
                }
                // An address that does not make a URL (empty, or with a path) cannot be sent to; Prometheus skips it too.
                if (ToUrl(relabelled) is { } target2 && seen.Add(target2)) active.Add(new AlertmanagerTarget(target2, discovered));
            }
        }
        _state = new State(groups, active, dropped);
    }

    private static Uri? ToUrl(LabelSet labels)
    {
        var address = labels.Get(LabelNames.Address);
        if (address.Length == 0 || address.Contains('/', StringComparison.Ordinal)) return null;
        var text = $"{labels.Get(LabelNames.Scheme)}://{address}{labels.Get(AlertsPathLabel)}";
        return Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
    }

    public void Dispose() => Client.Dispose();

    private sealed record State(IReadOnlyList<TargetGroup> Groups, IReadOnlyList<AlertmanagerTarget> Active, IReadOnlyList<AlertmanagerTarget> Dropped);
}
