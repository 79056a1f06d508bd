using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MetricsServer.Config;
using MetricsServer.Model.Labels;

namespace MetricsServer.Relabel;

/// <summary>The actions themselves, one method each.</summary>
public static partial class Relabeler
{
    // Joined values up to this many characters are built on the stack.
    private const int StackChars = 256;

    /// <summary>Applies one rule; returns false when it drops the set. Sets <paramref name="changed"/> on any edit.</summary>
    internal static bool Apply(RelabelRule rule, LabelSetBuilder lb, ref bool changed)
    {
        switch (rule.Action)
        {
            case RelabelAction.Replace:
                Replace(rule, lb, ref changed);
                return true;
            case RelabelAction.Keep:
                return MatchesJoined(rule, lb);
            case RelabelAction.Drop:
                return !MatchesJoined(rule, lb);
            case RelabelAction.KeepEqual:
                return JoinedEqualsTarget(rule, lb);
            case RelabelAction.DropEqual:
                return !JoinedEqualsTarget(rule, lb);
            case RelabelAction.HashMod:
                Set(lb, rule.TargetLabel, HashMod(rule, lb).ToString(CultureInfo.InvariantCulture), ref changed);
                return true;
            case RelabelAction.LabelMap:
                LabelMap(rule, lb, ref changed);
                return true;
            case RelabelAction.LabelDrop:
            case RelabelAction.LabelKeep:
                var before = lb.Count;
                lb.RemoveWhere(rule.RemovePredicate!);
                changed |= lb.Count != before;
                return true;
            case RelabelAction.Lowercase:
                Set(lb, rule.TargetLabel, JoinToString(rule, lb).ToLowerInvariant(), ref changed);
                return true;
            case RelabelAction.Uppercase:
                Set(lb, rule.TargetLabel, JoinToString(rule, lb).ToUpperInvariant(), ref changed);
                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {rule.Action}");
        }
    }

    private static void Replace(RelabelRule rule, LabelSetBuilder lb, ref bool changed)
    {
        var value = JoinToString(rule, lb);
        var replacement = rule.Replacement!;
        Match? match = null;
        if (!rule.MatchesEverything)
        {
            // A Match object is only needed when something refers to groups; otherwise IsMatch allocates nothing.
            if (replacement.Literal is not null && rule.TargetTemplate is null)
            {
                if (!rule.Regex.IsMatch(value)) return;
            }
            else
            {
                match = rule.Regex.Match(value);
                if (!match.Success) return;
            }
        }

        var target = rule.TargetTemplate?.Expand(value, match) ?? rule.TargetLabel;
        // Prometheus leaves the labels alone when the expanded target is not a valid label name.
        if (!LabelNames.IsValidLabelName(target)) return;
        // An empty result deletes the target label (LabelSetBuilder.Set's rule, and Prometheus's).
        Set(lb, target, replacement.Expand(value, match), ref changed);
    }

    private static void LabelMap(RelabelRule rule, LabelSetBuilder lb, ref bool changed)
    {
        // A snapshot, so that the labels this rule adds are not themselves mapped.
        var labels = lb.ToArray();
        var replacement = rule.Replacement!;
        foreach (var label in labels)
        {
            Match? match = null;
            if (!rule.MatchesEverything)
            {
                if (replacement.Literal is not null)
                {
                    if (!rule.Regex.IsMatch(label.Name)) continue;
                }
                else
                {
                    match = rule.Regex.Match(label.Name);
                    if (!match.Success) continue;
                }
            }
            var name = replacement.Expand(label.Name, match);
            // An expansion can still yield an empty or digit-led name (e.g. "$1" over an empty group); skip those
            // rather than create a label no query could select.
            if (!LabelNames.IsValidLabelName(name)) continue;
            Set(lb, name, label.Value, ref changed);
        }
    }

    private static void Set(LabelSetBuilder lb, string name, string value, ref bool changed)
    {
        if (string.Equals(lb.Get(name), value, StringComparison.Ordinal)) return;
        lb.Set(name, value);
        changed = true;
    }

    private static bool MatchesJoined(RelabelRule rule, LabelSetBuilder lb)
    {
        if (rule.MatchesEverything) return true;
        if (rule.SourceLabels.Length <= 1) return rule.Regex.IsMatch(rule.SourceLabels.Length == 0 ? string.Empty : lb.Get(rule.SourceLabels[0]));
        char[]? rented = null;
        try
        {
            var joined = WriteJoined(rule, lb, stackalloc char[StackChars], ref rented);
            return rule.Regex.IsMatch(joined);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool JoinedEqualsTarget(RelabelRule rule, LabelSetBuilder lb)
    {
        var target = lb.Get(rule.TargetLabel);
        if (rule.SourceLabels.Length <= 1)
        {
            var value = rule.SourceLabels.Length == 0 ? string.Empty : lb.Get(rule.SourceLabels[0]);
            return string.Equals(value, target, StringComparison.Ordinal);
        }
        char[]? rented = null;
        try
        {
            return WriteJoined(rule, lb, stackalloc char[StackChars], ref rented).SequenceEqual(target);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The MD5 of the UTF-8 joined value, read as a big-endian unsigned 64-bit integer from its last 8 bytes, modulo
    /// the rule's modulus: Prometheus's hashmod, so that sharding agrees with Prometheus servers.
    /// </summary>
    internal static ulong HashMod(RelabelRule rule, LabelSetBuilder lb)
    {
        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        try
        {
            ReadOnlySpan<char> joined = rule.SourceLabels.Length switch
            {
                0 => default,
                1 => lb.Get(rule.SourceLabels[0]),
                _ => WriteJoined(rule, lb, stackalloc char[StackChars], ref rentedChars),
            };
            var maxBytes = Encoding.UTF8.GetMaxByteCount(joined.Length);
            var bytes = maxBytes <= StackChars * 3 ? stackalloc byte[StackChars * 3] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
            var written = Encoding.UTF8.GetBytes(joined, bytes);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // MD5 is not used for security: it is Prometheus's sharding hash and must match it.
            MD5.HashData(bytes[..written], hash);
#pragma warning restore CA5351
            return BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % rule.Modulus;
        }
        finally
        {
            if (rentedChars is not null) ArrayPool<char>.Shared.Return(rentedChars);
            if (rentedBytes is not null) ArrayPool<byte>.Shared.Return(rentedBytes);
        }
    }

    /// <summary>The source label values joined with the separator; a missing label counts as the empty string.</summary>
    internal static string JoinToString(RelabelRule rule, LabelSetBuilder lb)
    {
        var sources = rule.SourceLabels;
        switch (sources.Length)
        {
            case 0:
                return string.Empty;
            case 1:
                // The common case: no join, no copy.
                return lb.Get(sources[0]);
            case 2:
                return string.Concat(lb.Get(sources[0]), rule.Separator, lb.Get(sources[1]));
            default:
                return string.Create(JoinedLength(rule, lb), (rule, lb), static (span, state) => Write(state.rule, state.lb, span));
        }
    }

    // Joins into the scratch span, or into a rented array (returned by the caller) when it is too small.
    private static ReadOnlySpan<char> WriteJoined(RelabelRule rule, LabelSetBuilder lb, Span<char> scratch, ref char[]? rented)
    {
        var length = JoinedLength(rule, lb);
        var buffer = length <= scratch.Length ? scratch : (rented = ArrayPool<char>.Shared.Rent(length));
        Write(rule, lb, buffer);
        return buffer[..length];
    }

    private static int JoinedLength(RelabelRule rule, LabelSetBuilder lb)
    {
        var sources = rule.SourceLabels;
        var length = rule.Separator.Length * (sources.Length - 1);
        foreach (var name in sources) length += lb.Get(name).Length;
        return length;
    }

    private static void Write(RelabelRule rule, LabelSetBuilder lb, Span<char> destination)
    {
        var at = 0;
        var sources = rule.SourceLabels;
        for (var i = 0; i < sources.Length; i++)
        {
            if (i > 0)
            {
                rule.Separator.CopyTo(destination[at..]);
                at += rule.Separator.Length;
            }
            var value = lb.Get(sources[i]);
            value.CopyTo(destination[at..]);
            at += value.Length;
        }
    }
}
