using System.Text.RegularExpressions;
using MetricsServer.Model.Labels;

namespace MetricsServer.Config;

public static partial class ConfigLoader
{
    // A label name that may contain $1 / ${name} references, which replace and labelmap expand before use.
    private static readonly Regex LabelNameTemplate = new(
        @"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly RelabelConfig DefaultRelabel = new();

    /// <summary>Validates every relabel step as Prometheus does, compiling each regex with RE2 semantics.</summary>
    private static void ValidateRelabelConfigs(List<RelabelConfig>? rules, LoadContext context, ConfigLocation at)
    {
        if (rules is null) return;
        for (var i = 0; i < rules.Count; i++)
        {
            var item = at.Item(i);
            if (rules[i] is not { } rule) throw context.Error(item, "empty or null relabeling rule");
            ValidateRelabel(rule, context, item);
        }
    }

    private static void ValidateRelabel(RelabelConfig rule, LoadContext context, ConfigLocation at)
    {
        rule.SourceLabels ??= [];
        rule.Separator ??= DefaultRelabel.Separator;
        rule.Regex ??= DefaultRelabel.Regex;
        rule.Replacement ??= DefaultRelabel.Replacement;
        var action = rule.Action;
        var name = Yaml.RelabelActionConverter.Name(action);

        var sources = at.Child("source_labels");
        for (var i = 0; i < rule.SourceLabels.Count; i++)
        {
            if (!LabelNames.IsValidLabelName(rule.SourceLabels[i]))
            {
                throw context.Error(sources.Item(i), at, $"\"{rule.SourceLabels[i]}\" is not a valid label name");
            }
        }
        try
        {
            _ = AnchoredRegex.Compile(rule.Regex);
        }
        catch (ArgumentException e)
        {
            throw context.Error(at.Child("regex"), at, $"invalid regex \"{rule.Regex}\": {e.Message}");
        }

        var target = rule.TargetLabel ?? string.Empty;
        if (action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual && target.Length == 0)
        {
            throw context.Error(at.Child("target_label").IsSet ? at.Child("target_label") : at, at,
                $"relabel configuration for {name} action requires 'target_label' value");
        }
        if (action == RelabelAction.Replace && !LabelNameTemplate.IsMatch(target))
        {
            throw context.Error(at.Child("target_label"), at, $"\"{target}\" is invalid 'target_label' for {name} action");
        }
        if (action is RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
            or RelabelAction.KeepEqual or RelabelAction.DropEqual && !LabelNames.IsValidLabelName(target))
        {
            throw context.Error(at.Child("target_label"), at, $"\"{target}\" is invalid 'target_label' for {name} action");
        }
        if (action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && rule.Replacement != DefaultRelabel.Replacement)
        {
            throw context.Error(at.Child("replacement"), at, $"'replacement' can not be set for {name} action");
        }
        if (action == RelabelAction.HashMod && rule.Modulus == 0)
        {
            throw context.Error(at.Child("modulus").IsSet ? at.Child("modulus") : at, at, "relabel configuration for hashmod requires non-zero modulus");
        }
        if (action == RelabelAction.LabelMap && !LabelNameTemplate.IsMatch(rule.Replacement))
        {
            throw context.Error(at.Child("replacement"), at, $"\"{rule.Replacement}\" is invalid 'replacement' for {name} action");
        }
        if (action is RelabelAction.KeepEqual or RelabelAction.DropEqual
            && (rule.Regex != DefaultRelabel.Regex || rule.Modulus != 0 || rule.Separator != DefaultRelabel.Separator))
        {
            throw context.Error(at, at, $"{name} action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (rule.SourceLabels.Count > 0 || target.Length > 0 || rule.Modulus != 0
                || rule.Separator != DefaultRelabel.Separator || rule.Replacement != DefaultRelabel.Replacement))
        {
            throw context.Error(at, at, $"{name} action requires only 'regex', and no other fields");
        }
    }
}
