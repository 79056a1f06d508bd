using MetricsServer.Model.Labels;

namespace MetricsServer.Remote.Read;

/// <summary>One <c>remote_read</c> entry, resolved.</summary>
public sealed record RemoteReadClientOptions
{
    public required string Name { get; init; }

    /// <summary><c>required_matchers</c>: equality matchers a selection must carry to be sent.</summary>
    public LabelSet RequiredMatchers { get; init; } = LabelSet.Empty;

    /// <summary><c>read_recent</c>: also ask for time ranges the local storage covers.</summary>
    public bool ReadRecent { get; init; }

    /// <summary><c>filter_external_labels</c>: constrain selections by the external labels, and strip them from answers.</summary>
    public bool FilterExternalLabels { get; init; } = true;

    /// <summary><c>global.external_labels</c>.</summary>
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;
}
