using System.Globalization;
using MetricsServer.Model.Labels;
using MetricsServer.Model.Time;
using MetricsServer.Query.Parsing;
using MetricsServer.Rules.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricsServer.Rules.Loading;

/// <summary>
/// Loads Prometheus rule files strictly, as <c>promtool check rules</c> does: unknown fields, duplicate group names,
/// invalid names, PromQL that does not parse, templates that do not parse, a rule that is both or neither kind, and
/// alerting-only fields on recording rules are errors. Every error found is reported, not just the first.
/// </summary>
public static partial class RuleFileLoader
{
    /// <summary>Reads and parses every file; throws with the errors of all of them.</summary>
    /// <exception cref="RuleFileException">A file cannot be read or is invalid.</exception>
    public static IReadOnlyList<RuleGroupDefinition> LoadFiles(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var groups = new List<RuleGroupDefinition>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            try
            {
                groups.AddRange(LoadFile(file));
            }
            catch (RuleFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new RuleFileException(errors);
        return groups;
    }

    /// <summary>Reads and parses one rule file.</summary>
    /// <exception cref="RuleFileException">The file cannot be read or is invalid.</exception>
    public static IReadOnlyList<RuleGroupDefinition> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleFileException($"{path}: {e.Message}");
        }
        return Parse(yaml, path);
    }

    /// <summary>Parses rule-file text; <paramref name="file"/> names it in messages and in the groups.</summary>
    /// <exception cref="RuleFileException">The text is invalid.</exception>
    public static IReadOnlyList<RuleGroupDefinition> Parse(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RuleFileException($"{file}: yaml: line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode)) return [];
        var reader = new Reader(file);
        var groups = reader.Groups(stream.Documents[0].RootNode);
        if (reader.Unmarshal.Count > 0)
        {
            // Go's YAML decoder reports type and field errors together, before any validation.
            throw new RuleFileException($"{file}: yaml: unmarshal errors:\n  " + string.Join("\n  ", reader.Unmarshal));
        }
        if (reader.Errors.Count > 0) throw new RuleFileException(reader.Errors);
        return groups;
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted), Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Walks the document, collecting Go-YAML-style unmarshal errors and validation errors.</summary>
    private sealed class Reader(string file)
    {
        private static readonly string[] GroupFields = ["name", "interval", "query_offset", "limit", "labels", "rules"];
        private static readonly string[] RuleFields = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

        public List<string> Unmarshal { get; } = [];
        public List<string> Errors { get; } = [];

        private static int LineOf(YamlNode node) => (int)node.Start.Line;

        private static string Pos(YamlNode node) => string.Create(CultureInfo.InvariantCulture, $"{node.Start.Line}:{node.Start.Column}");

        private Dictionary<string, YamlNode>? Fields(YamlNode node, string[] known, string goType)
        {
            if (node is not YamlMappingNode mapping)
            {
                if (!IsNull(node)) Unmarshal.Add($"line {LineOf(node)}: cannot unmarshal {Describe(node)} into {goType}");
                return null;
            }
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (k, v) in mapping.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                if (Array.IndexOf(known, key) < 0)
                {
                    Unmarshal.Add($"line {LineOf(k)}: field {key} not found in type {goType}");
                    continue;
                }
                if (!fields.TryAdd(key, v)) Unmarshal.Add($"line {LineOf(k)}: mapping key \"{key}\" already defined");
            }
            return fields;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlSequenceNode => "!!seq",
            YamlMappingNode => "!!map",
            YamlScalarNode s => $"!!str `{s.Value}`",
            _ => "value",
        };

        private string? Scalar(Dictionary<string, YamlNode> fields, string key)
        {
            if (!fields.TryGetValue(key, out var node) || IsNull(node)) return null;
            if (node is YamlScalarNode s) return s.Value ?? "";
            Unmarshal.Add($"line {LineOf(node)}: cannot unmarshal {Describe(node)} into string");
            return null;
        }

        private TimeSpan? Duration(Dictionary<string, YamlNode> fields, string key)
        {
            var text = Scalar(fields, key);
            if (text is null) return null;
            if (PromDuration.TryParse(text, out var d, out _)) return d;
            Errors.Add($"{file}: {LineOf(fields[key])}: not a valid duration string: \"{text}\"");
            return null;
        }

        private Dictionary<string, string> Map(Dictionary<string, YamlNode> fields, string key)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!fields.TryGetValue(key, out var node) || IsNull(node)) return result;
            if (node is not YamlMappingNode mapping)
            {
                Unmarshal.Add($"line {LineOf(node)}: cannot unmarshal {Describe(node)} into map[string]string");
                return result;
            }
            foreach (var (k, v) in mapping.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (v is not YamlScalarNode value)
                {
                    Unmarshal.Add($"line {LineOf(v)}: cannot unmarshal {Describe(v)} into string");
                    continue;
                }
                result[name] = IsNull(value) ? "" : value.Value ?? "";
            }
            return result;
        }

        public List<RuleGroupDefinition> Groups(YamlNode root)
        {
            var groups = new List<RuleGroupDefinition>();
            var top = Fields(root, ["groups"], "rulefmt.RuleGroups");
            if (top is null || !top.TryGetValue("groups", out var groupsNode) || IsNull(groupsNode)) return groups;
            if (groupsNode is not YamlSequenceNode seq)
            {
                Unmarshal.Add($"line {LineOf(groupsNode)}: cannot unmarshal {Describe(groupsNode)} into []rulefmt.RuleGroup");
                return groups;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in seq.Children)
            {
                var group = Group(item, names);
                if (group is not null) groups.Add(group);
            }
            return groups;
        }

        private RuleGroupDefinition? Group(YamlNode node, HashSet<string> names)
        {
            var fields = Fields(node, GroupFields, "rulefmt.RuleGroup");
            if (fields is null) return null;
            var name = Scalar(fields, "name") ?? "";
            if (name.Length == 0) Errors.Add($"{file}: {Pos(node)}: Groupname must not be empty");
            else if (!names.Add(name)) Errors.Add($"{file}: {Pos(fields["name"])}: groupname: \"{name}\" is repeated in the same file");
            var interval = Duration(fields, "interval");
            var offset = Duration(fields, "query_offset");
            var limitText = Scalar(fields, "limit");
            var limit = 0;
            if (limitText is not null && !int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                Unmarshal.Add($"line {LineOf(fields["limit"])}: cannot unmarshal !!str `{limitText}` into int");
            }
            var labels = Map(fields, "labels");
            foreach (var (k, _) in labels)
            {
                if (!LabelNames.IsValidLabelName(k) || k == LabelNames.MetricName) Errors.Add($"{file}: group \"{name}\": invalid label name: {k}");
            }
            var rules = new List<RuleDefinition>();
            if (fields.TryGetValue("rules", out var rulesNode) && !IsNull(rulesNode))
            {
                if (rulesNode is YamlSequenceNode seq)
                {
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        var rule = Rule(seq.Children[i], name, i + 1, labels);
                        if (rule is not null) rules.Add(rule);
                    }
                }
                else
                {
                    Unmarshal.Add($"line {LineOf(rulesNode)}: cannot unmarshal {Describe(rulesNode)} into []rulefmt.RuleNode");
                }
            }
            return new RuleGroupDefinition
            {
                File = file,
                Name = name,
                Interval = interval is { } iv && iv > TimeSpan.Zero ? iv : null,
                QueryOffset = offset,
                Limit = limit,
                Labels = labels,
                Rules = rules,
                Line = LineOf(node),
            };
        }

        private RuleDefinition? Rule(YamlNode node, string group, int index, Dictionary<string, string> groupLabels)
        {
            var fields = Fields(node, RuleFields, "rulefmt.RuleNode");
            if (fields is null) return null;
            var record = Scalar(fields, "record");
            var alert = Scalar(fields, "alert");
            var exprText = Scalar(fields, "expr") ?? "";
            var forDuration = Duration(fields, "for") ?? TimeSpan.Zero;
            var keepFiring = Duration(fields, "keep_firing_for") ?? TimeSpan.Zero;
            var labels = Map(fields, "labels");
            var annotations = Map(fields, "annotations");
            var name = record ?? alert ?? "";
            var prefix = $"group \"{group}\", rule {index.ToString(CultureInfo.InvariantCulture)}, \"{name}\": ";
            void Fail(YamlNode? at, string message) =>
                Errors.Add(at is null ? $"{file}: {prefix}{message}" : $"{file}: {Pos(at)}: {prefix}{message}");
            fields.TryGetValue("record", out var recordNode);
            fields.TryGetValue("alert", out var alertNode);
            var kindNode = recordNode ?? alertNode;
            if (!string.IsNullOrEmpty(record) && !string.IsNullOrEmpty(alert)) Fail(alertNode, "only one of 'record' and 'alert' must be set");
            else if (string.IsNullOrEmpty(record) && string.IsNullOrEmpty(alert)) Errors.Add($"{file}: 0:0: {prefix}one of 'record' or 'alert' must be set");
            Query.Ast.Expr? expr = null;
            if (exprText.Length == 0) Fail(fields.GetValueOrDefault("expr") ?? node, "field 'expr' must be set in rule");
            else if (!PromQLParser.TryParse(exprText, out expr, out var parseError)) Fail(fields["expr"], $"could not parse expression: {parseError!.Message}");
            if (!string.IsNullOrEmpty(record))
            {
                if (annotations.Count > 0) Fail(kindNode, "invalid field 'annotations' in recording rule");
                if (forDuration != TimeSpan.Zero) Fail(kindNode, "invalid field 'for' in recording rule");
                if (keepFiring != TimeSpan.Zero) Fail(kindNode, "invalid field 'keep_firing_for' in recording rule");
                if (!LabelNames.IsValidMetricName(record)) Fail(kindNode, $"invalid recording rule name: {record}");
            }
            foreach (var (k, _) in labels)
            {
                if (!LabelNames.IsValidLabelName(k) || k == LabelNames.MetricName) Fail(null, $"invalid label name: {k}");
            }
            foreach (var (k, _) in annotations)
            {
                if (!LabelNames.IsValidLabelName(k)) Fail(null, $"invalid annotation name: {k}");
            }
            if (!string.IsNullOrEmpty(alert))
            {
                var templateName = "__alert_" + alert;
                foreach (var (k, v) in labels) CheckTemplate(templateName, v, $"label \"{k}\"", m => Fail(null, m));
                foreach (var (k, v) in annotations) CheckTemplate(templateName, v, $"annotation \"{k}\"", m => Fail(null, m));
            }
            if (expr is null) return null;
            var merged = new Dictionary<string, string>(groupLabels, StringComparer.Ordinal);
            foreach (var (k, v) in labels) merged[k] = v;
            return new RuleDefinition
            {
                Record = string.IsNullOrEmpty(record) ? null : record,
                Alert = string.IsNullOrEmpty(alert) ? null : alert,
                ExprText = exprText,
                Expr = expr,
                For = forDuration,
                KeepFiringFor = keepFiring,
                Labels = merged,
                Annotations = annotations,
                Line = LineOf(node),
            };
        }

        private static void CheckTemplate(string name, string text, string what, Action<string> fail)
        {
            try
            {
                AlertTemplate.Parse(name, text);
            }
            catch (TemplateException e)
            {
                fail($"{what}: {e.Message}");
            }
        }
    }
}
