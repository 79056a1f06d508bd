using MetricsServer.Model.Labels;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// Expands an alerting rule's label and annotation templates as Prometheus does: the text runs after definitions of
/// <c>$labels</c>, <c>$externalLabels</c>, <c>$externalURL</c> and <c>$value</c>, and a failure does not stop
/// anything: the result is <c>&lt;error expanding template: ...&gt;</c>.
/// </summary>
public static class AlertTemplate
{
    private const string Definitions = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    /// <summary>Parses <paramref name="text"/> with the variable definitions in front.</summary>
    /// <exception cref="TemplateException">It does not parse.</exception>
    public static GoTemplate Parse(string name, string text) => GoTemplate.Parse(name, Definitions + text);

    /// <summary>The expanded text, or Prometheus's error text; <paramref name="error"/> says what failed, for logging.</summary>
    public static string Expand(string name, string text, LabelSet labels, double value, LabelSet externalLabels,
        TemplateContext context, out string? error)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(externalLabels);
        ArgumentNullException.ThrowIfNull(context);
        error = null;
        // Text without an action is common (most labels): skip the interpreter.
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Labels"] = ToMap(labels),
            ["ExternalLabels"] = ToMap(externalLabels),
            ["ExternalURL"] = context.ExternalUrl?.ToString().TrimEnd('/') ?? "",
            ["Value"] = value,
        };
        try
        {
            return Parse(name, text).Execute(data, context);
        }
        catch (TemplateException e)
        {
            error = $"error expanding template: {e.Message}";
            return $"<{error}>";
        }
    }

    /// <summary>A label set as the <c>map[string]string</c> templates read.</summary>
    public static Dictionary<string, string> ToMap(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var map = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels) map[l.Name] = l.Value;
        return map;
    }
}
