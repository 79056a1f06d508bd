using System.Text.RegularExpressions;
using MetricsServer.Config;
using MetricsServer.Model.Labels;

namespace MetricsServer.Relabel;

/// <summary>
/// One <see cref="RelabelConfig"/> checked and compiled: the regex built once, the replacement and target templates
/// parsed once with their group references resolved. Immutable and thread-safe; apply it with <see cref="Relabeler"/>.
/// </summary>
public sealed class RelabelRule
{
    /// <summary>Prometheus's default regex; with it every input matches and groups 0 and 1 are the whole input.</summary>
    internal const string DefaultRegex = "(.*)";
    internal const string DefaultSeparator = ";";
    internal const string DefaultReplacement = "$1";

    /// <summary>A copy of the configuration this rule was compiled from, for display (the relabel steps API).</summary>
    public RelabelConfig Config { get; }

    public RelabelAction Action { get; }

    internal string[] SourceLabels { get; }
    internal string Separator { get; }
    internal Regex Regex { get; }

    /// <summary>True when the regex is the default <c>(.*)</c>, so matching can be skipped.</summary>
    internal bool MatchesEverything { get; }

    /// <summary>The target label name, or empty for actions without one.</summary>
    internal string TargetLabel { get; }

    /// <summary>The parsed target label for <c>replace</c> when it contains <c>$</c> references; else null.</summary>
    internal ReplacementTemplate? TargetTemplate { get; }

    /// <summary>The parsed replacement for <c>replace</c> and <c>labelmap</c>; else null.</summary>
    internal ReplacementTemplate? Replacement { get; }

    internal ulong Modulus { get; }

    /// <summary>For <c>labeldrop</c>: true for labels to remove; for <c>labelkeep</c>: true for labels to remove.</summary>
    internal Predicate<Label>? RemovePredicate { get; }

    private RelabelRule(RelabelConfig config)
    {
        Config = Copy(config);
        Action = config.Action;
        SourceLabels = [.. config.SourceLabels ?? []];
        Separator = config.Separator ?? string.Empty;
        TargetLabel = config.TargetLabel ?? string.Empty;
        Modulus = config.Modulus;

        var pattern = config.Regex ?? DefaultRegex;
        try
        {
            Regex = AnchoredRegex.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid regex \"{pattern}\" in relabel config: {e.Message}", e);
        }
        MatchesEverything = string.Equals(pattern, DefaultRegex, StringComparison.Ordinal);

        if (Action is RelabelAction.Replace or RelabelAction.LabelMap)
        {
            var groups = CaptureGroups.For(pattern, Regex);
            Replacement = ReplacementTemplate.Parse(config.Replacement ?? string.Empty, groups);
            if (Action == RelabelAction.Replace && ReplacementTemplate.HasReferences(TargetLabel))
            {
                TargetTemplate = ReplacementTemplate.Parse(TargetLabel, groups);
            }
        }

        // The predicates are built once here so that applying the rule allocates no closure.
        if (Action == RelabelAction.LabelDrop) RemovePredicate = l => Regex.IsMatch(l.Name);
        else if (Action == RelabelAction.LabelKeep) RemovePredicate = l => !Regex.IsMatch(l.Name);
    }

    /// <summary>Checks and compiles one relabel configuration, applying Prometheus's validation rules.</summary>
    /// <exception cref="ArgumentException">The configuration is invalid; the message names the field and the problem.</exception>
    public static RelabelRule Compile(RelabelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        return new RelabelRule(config);
    }

    private static void Validate(RelabelConfig c)
    {
        var action = ActionName(c.Action);
        if (!Enum.IsDefined(c.Action)) throw new ArgumentException($"unknown relabel action {(int)c.Action}");

        foreach (var name in c.SourceLabels ?? [])
        {
            if (!LabelNames.IsValidLabelName(name)) throw new ArgumentException($"\"{name}\" is not a valid label name in 'source_labels'");
        }

        var target = c.TargetLabel ?? string.Empty;
        if (c.Action is (RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual) && target.Length == 0)
        {
            throw new ArgumentException($"relabel configuration for {action} action requires 'target_label' value");
        }

        // Only replace expands references in the target label; the other actions write to it verbatim.
        if (c.Action == RelabelAction.Replace && !IsValidNameTemplate(target))
        {
            throw new ArgumentException($"\"{target}\" is invalid 'target_label' for {action} action");
        }
        if (c.Action is (RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual
            or RelabelAction.DropEqual) && !LabelNames.IsValidLabelName(target))
        {
            throw new ArgumentException($"\"{target}\" is invalid 'target_label' for {action} action");
        }

        if (c.Action == RelabelAction.HashMod && c.Modulus == 0)
        {
            throw new ArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }

        if (c.Action is RelabelAction.Lowercase or RelabelAction.Uppercase && !IsDefaultReplacement(c))
        {
            throw new ArgumentException($"'replacement' can not be set for {action} action");
        }

        if (c.Action == RelabelAction.LabelMap && !IsValidNameTemplate(c.Replacement ?? string.Empty))
        {
            throw new ArgumentException($"\"{c.Replacement}\" is invalid 'replacement' for {action} action");
        }

        if (c.Action is (RelabelAction.LabelDrop or RelabelAction.LabelKeep)
            && ((c.SourceLabels?.Count ?? 0) > 0 || target.Length > 0 || c.Modulus != 0 || !IsDefaultSeparator(c) || !IsDefaultReplacement(c)))
        {
            throw new ArgumentException($"{action} action requires only 'regex', and no other fields");
        }

        if (c.Action is (RelabelAction.KeepEqual or RelabelAction.DropEqual)
            && (!string.Equals(c.Regex ?? DefaultRegex, DefaultRegex, StringComparison.Ordinal) || c.Modulus != 0
                || !IsDefaultSeparator(c) || !IsDefaultReplacement(c)))
        {
            throw new ArgumentException($"{action} action requires only 'source_labels' and `target_label`, and no other fields");
        }
    }

    private static bool IsDefaultSeparator(RelabelConfig c) => string.Equals(c.Separator ?? DefaultSeparator, DefaultSeparator, StringComparison.Ordinal);

    private static bool IsDefaultReplacement(RelabelConfig c) => string.Equals(c.Replacement ?? DefaultReplacement, DefaultReplacement, StringComparison.Ordinal);

    /// <summary>
    /// Prometheus's rule for a label name that may contain group references: one or more of a letter or underscore,
    /// <c>$name</c> or <c>${name}</c>, each followed by any word characters, so it cannot start with a digit.
    /// </summary>
    internal static bool IsValidNameTemplate(string s)
    {
        if (s.Length == 0) return false;
        var i = 0;
        var first = true;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '$')
            {
                i++;
                var brace = i < s.Length && s[i] == '{';
                if (brace) i++;
                var start = i;
                while (i < s.Length && IsAsciiWord(s[i])) i++;
                if (i == start) return false;
                if (brace)
                {
                    if (i >= s.Length || s[i] != '}') return false;
                    i++;
                }
            }
            else if (IsAsciiWord(c) && !(first && char.IsAsciiDigit(c)))
            {
                i++;
            }
            else
            {
                return false;
            }
            first = false;
        }
        return true;
    }

    private static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The YAML spelling of an action, as Prometheus writes it in messages and in the API.</summary>
    public static string ActionName(RelabelAction action) => action switch
    {
        RelabelAction.Replace => "replace",
        RelabelAction.Keep => "keep",
        RelabelAction.Drop => "drop",
        RelabelAction.KeepEqual => "keepequal",
        RelabelAction.DropEqual => "dropequal",
        RelabelAction.HashMod => "hashmod",
        RelabelAction.LabelMap => "labelmap",
        RelabelAction.LabelDrop => "labeldrop",
        RelabelAction.LabelKeep => "labelkeep",
        RelabelAction.Lowercase => "lowercase",
        RelabelAction.Uppercase => "uppercase",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static RelabelConfig Copy(RelabelConfig c) => new()
    {
        SourceLabels = [.. c.SourceLabels ?? []],
        Separator = c.Separator ?? DefaultSeparator,
        Regex = c.Regex ?? DefaultRegex,
        Modulus = c.Modulus,
        TargetLabel = c.TargetLabel,
        Replacement = c.Replacement ?? DefaultReplacement,
        Action = c.Action,
    };

    public override string ToString() => $"{ActionName(Action)} [{string.Join(',', SourceLabels)}] regex={Config.Regex} target={TargetLabel}";
}
