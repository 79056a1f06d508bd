using MetricsServer.Model.Labels;

namespace MetricsServer.Web.Api;

/// <summary>Label sets as the API writes them: a JSON object of name to value, in label order.</summary>
public static class LabelsJson
{
    public static Dictionary<string, string> ToDictionary(LabelSet labels)
    {
        var d = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var l in labels) d[l.Name] = l.Value;
        return d;
    }
}
