using MetricsServer.Model.Labels;

namespace MetricsServer.Rules.Notifier;

/// <summary>
/// One Alertmanager as discovery found it: <see cref="Url"/> is where alerts are posted (for a dropped one, the URL
/// its labels named before relabelling); <see cref="Labels"/> are its labels before relabelling.
/// </summary>
public sealed record AlertmanagerTarget(Uri Url, LabelSet Labels);
