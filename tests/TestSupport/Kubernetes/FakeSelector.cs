using System.Text.Json.Nodes;

namespace MetricsServer.TestSupport.Kubernetes;

/// <summary>
/// The label and field selectors of a list or watch request, as the API server evaluates them: comma-separated
/// requirements that must all hold. Labels: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>. Fields: <c>path=v</c>, <c>path==v</c>, <c>path!=v</c> on dotted paths
/// such as <c>metadata.name</c> or <c>spec.nodeName</c>.
/// </summary>
internal sealed class FakeSelector
{
    private readonly List<Func<JsonObject, bool>> _requirements = [];

    public static FakeSelector Parse(string? labelSelector, string? fieldSelector)
    {
        var selector = new FakeSelector();
        foreach (var part in SplitTopLevel(labelSelector)) selector._requirements.Add(ParseLabel(part));
        foreach (var part in SplitTopLevel(fieldSelector)) selector._requirements.Add(ParseField(part));
        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement(obj)) return false;
        }
        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) yield break;
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return selector[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        yield return selector[start..].Trim();
    }

    private static Func<JsonObject, bool> ParseLabel(string requirement)
    {
        var notIn = requirement.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0) return SetRequirement(requirement[..notIn].Trim(), requirement[(notIn + 7)..], negate: true);
        var inAt = requirement.IndexOf(" in ", StringComparison.Ordinal);
        if (inAt > 0) return SetRequirement(requirement[..inAt].Trim(), requirement[(inAt + 4)..], negate: false);
        if (TrySplit(requirement, out var key, out var value, out var negate))
        {
            return obj => (Label(obj, key) == value) != negate;
        }
        if (requirement.StartsWith('!'))
        {
            var absent = requirement[1..].Trim();
            return obj => Label(obj, absent) is null;
        }
        return obj => Label(obj, requirement) is not null;
    }

    private static Func<JsonObject, bool> SetRequirement(string key, string list, bool negate)
    {
        var values = list.Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return obj =>
        {
            var actual = Label(obj, key);
            return negate ? actual is null || !values.Contains(actual) : actual is not null && values.Contains(actual);
        };
    }

    private static Func<JsonObject, bool> ParseField(string requirement)
    {
        if (!TrySplit(requirement, out var path, out var value, out var negate))
        {
            throw new FormatException($"unsupported field selector \"{requirement}\"");
        }
        var steps = path.Split('.');
        return obj => (Field(obj, steps) == value) != negate;
    }

    private static bool TrySplit(string requirement, out string key, out string value, out bool negate)
    {
        foreach (var (op, neg) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = requirement.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                key = requirement[..at].Trim();
                value = requirement[(at + op.Length)..].Trim();
                negate = neg;
                return true;
            }
        }
        key = value = string.Empty;
        negate = false;
        return false;
    }

    private static string? Label(JsonObject obj, string key) =>
        obj["metadata"]?["labels"]?[key]?.GetValue<string>();

    // The API server treats a missing field as the empty string.
    private static string Field(JsonObject obj, string[] steps)
    {
        JsonNode? node = obj;
        foreach (var step in steps) node = node?[step];
        return node is JsonValue value ? value.ToString() : string.Empty;
    }
}
