using System.Globalization;
using System.Text;
using MetricsServer.Model.Labels;

namespace MetricsServer.Discovery.Kubernetes.Roles;

/// <summary>
/// The <c>__meta_kubernetes_*</c> vocabulary shared by every role, and the small rules that go with it:
/// how a Kubernetes label or annotation key becomes part of a label name, how booleans and addresses are spelled.
/// </summary>
public static class MetaLabels
{
    /// <summary>Prefix of every Kubernetes meta label.</summary>
    public const string Prefix = "__meta_kubernetes_";

    /// <summary>The namespace of the discovered object.</summary>
    public const string Namespace = Prefix + "namespace";

    /// <summary>Prometheus's address label.</summary>
    public const string Address = "__address__";

    /// <summary>
    /// Replaces every character outside <c>[a-zA-Z0-9_]</c> with <c>_</c>, one underscore per Unicode code point
    /// (a surrogate pair is one code point), as Prometheus does for label and annotation keys.
    /// </summary>
    public static string SanitizeLabelName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var i = 0;
        while (i < name.Length && IsValid(name[i])) i++;
        if (i == name.Length) return name;

        var sb = new StringBuilder(name.Length);
        sb.Append(name, 0, i);
        for (; i < name.Length; i++)
        {
            var c = name[i];
            if (IsValid(c))
            {
                sb.Append(c);
                continue;
            }
            sb.Append('_');
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) i++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Adds <c>__meta_kubernetes_&lt;role&gt;_label_&lt;key&gt;</c>, <c>..._labelpresent_&lt;key&gt;</c>,
    /// <c>..._annotation_&lt;key&gt;</c> and <c>..._annotationpresent_&lt;key&gt;</c> for each label and annotation.
    /// Keys are visited in ordinal order, so when two keys sanitise to the same name the later key wins, deterministically.
    /// </summary>
    public static void AddLabelsAndAnnotations(
        IDictionary<string, string> into, string role, IDictionary<string, string>? labels, IDictionary<string, string>? annotations)
    {
        ArgumentNullException.ThrowIfNull(into);
        AddPairs(into, Prefix + role + "_label_", Prefix + role + "_labelpresent_", labels);
        AddPairs(into, Prefix + role + "_annotation_", Prefix + role + "_annotationpresent_", annotations);
    }

    /// <summary>Go's spelling of a boolean, which Prometheus uses in label values.</summary>
    public static string FormatBool(bool value) => value ? "true" : "false";

    /// <summary>Decimal port number, invariant culture.</summary>
    public static string FormatPort(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>host:port</c>, with an IPv6 host in brackets (<c>[::1]:9000</c>).</summary>
    public static string JoinHostPort(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Contains(':', StringComparison.Ordinal)
            ? "[" + host + "]:" + FormatPort(port)
            : host + ":" + FormatPort(port);
    }

    /// <summary>A label set from collected pairs. Empty values are kept: Prometheus's discovered labels keep them too.</summary>
    public static LabelSet ToLabelSet(Dictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var array = new Label[labels.Count];
        var i = 0;
        foreach (var (name, value) in labels) array[i++] = new Label(name, value);
        return LabelSet.FromUnsorted(array);
    }

    internal static Dictionary<string, string> NewLabels() => new(StringComparer.Ordinal);

    private static void AddPairs(IDictionary<string, string> into, string valuePrefix, string presentPrefix, IDictionary<string, string>? pairs)
    {
        if (pairs is null || pairs.Count == 0) return;
        var keys = new string[pairs.Count];
        pairs.Keys.CopyTo(keys, 0);
        Array.Sort(keys, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var name = SanitizeLabelName(key);
            into[valuePrefix + name] = pairs[key] ?? string.Empty;
            into[presentPrefix + name] = "true";
        }
    }

    private static bool IsValid(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}
