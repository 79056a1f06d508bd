using System.Collections;
using MetricsServer.Config;

namespace MetricsServer.Relabel;

/// <summary>
/// An immutable, compiled list of relabel rules, applied in order by <see cref="Relabeler"/>. Compile it once per
/// configuration load and share it between threads.
/// </summary>
public sealed class RelabelRules : IReadOnlyList<RelabelRule>
{
    /// <summary>No rules: every label set passes unchanged.</summary>
    public static readonly RelabelRules Empty = new([]);

    private readonly RelabelRule[] _rules;

    private RelabelRules(RelabelRule[] rules) => _rules = rules;

    /// <summary>Checks and compiles <paramref name="configs"/> in order.</summary>
    /// <exception cref="ArgumentException">A configuration is invalid; the message names its position and the problem.</exception>
    public static RelabelRules Compile(IReadOnlyList<RelabelConfig>? configs)
    {
        if (configs is null || configs.Count == 0) return Empty;
        var rules = new RelabelRule[configs.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            try
            {
                rules[i] = RelabelRule.Compile(configs[i]);
            }
            catch (ArgumentException e)
            {
                // Positions count from 1, as a person reading the YAML list would.
                throw new ArgumentException($"relabel config #{i + 1}: {e.Message}", e);
            }
        }
        return new RelabelRules(rules);
    }

    public int Count => _rules.Length;

    public bool IsEmpty => _rules.Length == 0;

    public RelabelRule this[int index] => _rules[index];

    internal ReadOnlySpan<RelabelRule> AsSpan() => _rules;

    public IEnumerator<RelabelRule> GetEnumerator() => ((IEnumerable<RelabelRule>)_rules).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
