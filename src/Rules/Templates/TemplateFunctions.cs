using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// The functions of Prometheus's template language: Go's builtins (<c>printf</c>, <c>eq</c>, <c>and</c>, <c>len</c>,
/// <c>index</c>, ...) and Prometheus's own (<c>humanize*</c>, <c>query</c>, <c>first</c>, <c>label</c>,
/// <c>value</c>, <c>reReplaceAll</c>, <c>title</c>, <c>toUpper</c>, <c>match</c>, <c>stripPort</c>, ...).
/// </summary>
internal static class TemplateFunctions
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private delegate object? Function(List<object?> args, TemplateContext context);

    private static readonly Dictionary<string, Function> All = new(StringComparer.Ordinal)
    {
        ["and"] = (a, _) => { Arity(a, 1, int.MaxValue); foreach (var v in a) { if (!TemplateExecutor.IsTrue(v)) return v; } return a[^1]; },
        ["or"] = (a, _) => { Arity(a, 1, int.MaxValue); foreach (var v in a) { if (TemplateExecutor.IsTrue(v)) return v; } return a[^1]; },
        ["not"] = (a, _) => { Arity(a, 1, 1); return !TemplateExecutor.IsTrue(a[0]); },
        ["eq"] = (a, _) => { Arity(a, 2, int.MaxValue); return a.Skip(1).Any(b => Compare(a[0], b) == 0); },
        ["ne"] = (a, _) => { Arity(a, 2, 2); return Compare(a[0], a[1]) != 0; },
        ["lt"] = (a, _) => { Arity(a, 2, 2); return Compare(a[0], a[1]) < 0; },
        ["le"] = (a, _) => { Arity(a, 2, 2); return Compare(a[0], a[1]) <= 0; },
        ["gt"] = (a, _) => { Arity(a, 2, 2); return Compare(a[0], a[1]) > 0; },
        ["ge"] = (a, _) => { Arity(a, 2, 2); return Compare(a[0], a[1]) >= 0; },
        ["len"] = (a, _) => { Arity(a, 1, 1); return Length(a[0]); },
        ["index"] = (a, _) => Index(a),
        ["print"] = (a, _) => Print(a, newline: false),
        ["println"] = (a, _) => Print(a, newline: true),
        ["printf"] = (a, _) => { Arity(a, 1, int.MaxValue); return GoFormat.Sprintf(Str(a[0]), a.Skip(1).ToList()); },
        ["html"] = (a, _) => WebUtility.HtmlEncode(string.Concat(a.Select(GoFormat.Print))),
        ["js"] = (a, _) => System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(string.Concat(a.Select(GoFormat.Print))),
        ["urlquery"] = (a, _) => Uri.EscapeDataString(string.Concat(a.Select(GoFormat.Print))).Replace("%20", "+", StringComparison.Ordinal),
        ["call"] = (_, _) => throw new TemplateException("call is not supported"),
        ["slice"] = (_, _) => throw new TemplateException("slice is not supported"),
        // Prometheus's functions.
        ["humanize"] = (a, _) => Humanizer.Humanize(Float(One(a))),
        ["humanize1024"] = (a, _) => Humanizer.Humanize1024(Float(One(a))),
        ["humanizeDuration"] = (a, _) => Humanizer.HumanizeDuration(Float(One(a))),
        ["humanizePercentage"] = (a, _) => Humanizer.HumanizePercentage(Float(One(a))),
        ["humanizeTimestamp"] = (a, _) => Humanizer.HumanizeTimestamp(Float(One(a))),
        ["toTime"] = (a, _) => Humanizer.HumanizeTimestamp(Float(One(a))),
        ["toDuration"] = (a, _) => Humanizer.GoDuration(Float(One(a))),
        ["parseDuration"] = (a, _) => Model.Time.PromDuration.TryParse(Str(One(a)), out var d, out var e) ? d.TotalSeconds : throw new TemplateException(e),
        ["title"] = (a, _) => Title(Str(One(a))),
        ["toUpper"] = (a, _) => Str(One(a)).ToUpperInvariant(),
        ["toLower"] = (a, _) => Str(One(a)).ToLowerInvariant(),
        ["match"] = (a, _) => { Arity(a, 2, 2); return Regex.IsMatch(Str(a[1]), Str(a[0]), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); },
        ["reReplaceAll"] = (a, _) => { Arity(a, 3, 3); return new Regex(Str(a[0]), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Replace(Str(a[2]), Str(a[1])); },
        ["safeHtml"] = (a, _) => Str(One(a)),
        ["args"] = (a, _) => { var m = new Dictionary<string, object?>(StringComparer.Ordinal); for (var i = 0; i < a.Count; i++) m["arg" + i.ToString(Inv)] = a[i]; return m; },
        ["stripPort"] = (a, _) => StripPort(Str(One(a))),
        ["stripDomain"] = (a, _) => StripDomain(Str(One(a))),
        ["pathPrefix"] = (a, c) => { Arity(a, 0, 0); return c.ExternalUrl?.AbsolutePath.TrimEnd('/') ?? ""; },
        ["externalURL"] = (a, c) => { Arity(a, 0, 0); return c.ExternalUrl?.ToString().TrimEnd('/') ?? ""; },
        ["query"] = (a, c) => Query(Str(One(a)), c),
        ["first"] = (a, _) => One(a) is IList { Count: > 0 } list ? list[0] : throw new TemplateException("first() called on vector with no elements"),
        ["label"] = (a, _) => { Arity(a, 2, 2); return a[1] is IReadOnlyDictionary<string, object?> s && s.TryGetValue("Labels", out var l) && l is IReadOnlyDictionary<string, string> ls && ls.TryGetValue(Str(a[0]), out var v) ? v : ""; },
        ["value"] = (a, _) => One(a) is IReadOnlyDictionary<string, object?> s && s.TryGetValue("Value", out var v) ? v : null,
        ["strvalue"] = (a, _) => One(a) is IReadOnlyDictionary<string, object?> s && s.TryGetValue("Labels", out var l) && l is IReadOnlyDictionary<string, string> ls && ls.TryGetValue("__value__", out var v) ? v : "",
        ["sortByLabel"] = (a, _) => { Arity(a, 2, 2); var name = Str(a[0]); return a[1] is IList list ? list.Cast<IReadOnlyDictionary<string, object?>>().OrderBy(s => s["Labels"] is IReadOnlyDictionary<string, string> l && l.TryGetValue(name, out var v) ? v : "", StringComparer.Ordinal).Cast<object?>().ToList() : a[1]; },
        ["tmpl"] = (_, _) => throw new TemplateException("tmpl is not supported in rule templates"),
    };

    /// <summary>Every function name, for the parser's check.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(All.Keys, StringComparer.Ordinal);

    public static object? Call(string name, List<object?> args, TemplateContext context) => All[name](args, context);

    private static void Arity(List<object?> a, int min, int max)
    {
        if (a.Count < min || a.Count > max) throw new TemplateException($"wrong number of args: got {a.Count}");
    }

    private static object? One(List<object?> a)
    {
        Arity(a, 1, 1);
        return a[0];
    }

    private static string Str(object? v) => v as string ?? GoFormat.Print(v);

    /// <summary>Prometheus converts strings and integers to float64 for the humanize functions.</summary>
    internal static double Float(object? v) => v switch
    {
        double d => d,
        long l => l,
        int i => i,
        string s => double.TryParse(s, NumberStyles.Float, Inv, out var d) ? d
            : throw new TemplateException($"strconv.ParseFloat: parsing {GoFormat.Quote(s)}: invalid syntax"),
        bool b => b ? 1 : 0,
        _ => throw new TemplateException($"can't convert {GoFormat.Print(v)} to float"),
    };

    private static int Compare(object? a, object? b)
    {
        if (a is string sa && b is string sb) return string.CompareOrdinal(sa, sb);
        if (a is bool ba && b is bool bb) return ba == bb ? 0 : ba ? 1 : -1;
        if (a is null || b is null) return a is null && b is null ? 0 : throw new TemplateException("incompatible types for comparison");
        if (a is double or long or int && b is double or long or int) return Float(a).CompareTo(Float(b));
        throw new TemplateException("incompatible types for comparison");
    }

    private static long Length(object? v) => v switch
    {
        string s => System.Text.Encoding.UTF8.GetByteCount(s),
        ICollection c => c.Count,
        _ => throw new TemplateException($"len of type {GoFormat.Print(v)}"),
    };

    private static object? Index(List<object?> a)
    {
        Arity(a, 1, int.MaxValue);
        var v = a[0];
        foreach (var key in a.Skip(1))
        {
            v = v switch
            {
                IReadOnlyDictionary<string, string> m => m.TryGetValue(Str(key), out var s) ? s : "",
                IReadOnlyDictionary<string, object?> m => m.TryGetValue(Str(key), out var o) ? o : null,
                IList list when key is long i => i >= 0 && i < list.Count ? list[(int)i] : throw new TemplateException($"index out of range: {i}"),
                _ => throw new TemplateException($"can't index item of type {GoFormat.Print(v)}"),
            };
        }
        return v;
    }

    private static string Print(List<object?> a, bool newline)
    {
        // Go's Sprint puts spaces between operands when neither is a string; Sprintln always does.
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < a.Count; i++)
        {
            if (i > 0 && (newline || (a[i] is not string && a[i - 1] is not string))) sb.Append(' ');
            sb.Append(GoFormat.Print(a[i]));
        }
        if (newline) sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>Go's deprecated <c>strings.Title</c>: upper-cases the first letter of every word.</summary>
    private static string Title(string s)
    {
        var chars = s.ToCharArray();
        var previous = ' ';
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(previous) && previous != '_' && previous != '\'') chars[i] = char.ToUpperInvariant(chars[i]);
            previous = chars[i];
        }
        return new string(chars);
    }

    private static bool TrySplitHostPort(string s, out string host, out string port)
    {
        host = port = "";
        if (s.StartsWith('['))
        {
            var close = s.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0) return false;
            host = s[1..close];
            port = s[(close + 2)..];
            return true;
        }
        var colon = s.LastIndexOf(':');
        if (colon < 0 || s.IndexOf(':') != colon) return false;
        host = s[..colon];
        port = s[(colon + 1)..];
        return true;
    }

    private static string StripPort(string hostPort) => TrySplitHostPort(hostPort, out var host, out _) ? host : hostPort;

    private static string StripDomain(string hostPort)
    {
        var host = hostPort;
        var port = "";
        if (TrySplitHostPort(hostPort, out var h, out var p))
        {
            host = h;
            port = p;
        }
        if (IPAddress.TryParse(host, out _)) return hostPort;
        var dot = host.IndexOf('.');
        if (dot >= 0) host = host[..dot];
        return port.Length > 0 ? host + ":" + port : host;
    }

    private static List<object?> Query(string query, TemplateContext context)
    {
        if (context.Query is null) throw new TemplateException("query is not available here");
        var result = new List<object?>();
        foreach (var (labels, value) in context.Query(query))
        {
            result.Add(new Dictionary<string, object?>(StringComparer.Ordinal) { ["Labels"] = labels, ["Value"] = value });
        }
        return result;
    }
}
