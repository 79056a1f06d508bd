using System.Text;
using MetricsServer.Model.Labels;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Engine;

internal sealed partial class Evaluator
{
    private StepValue EvalBinary(BinaryExpr b, long t)
    {
        var lhs = Eval(b.Lhs, t);
        var rhs = Eval(b.Rhs, t);
        if (lhs.Type == ValueType.Scalar && rhs.Type == ValueType.Scalar)
        {
            var (v, keep) = Apply(b.Op, lhs.Scalar, rhs.Scalar);
            return StepValue.OfScalar(b.Op.IsComparison() ? (keep ? 1 : 0) : v);
        }
        if (lhs.Type == ValueType.Vector && rhs.Type == ValueType.Vector)
        {
            var matching = b.Matching ?? VectorMatching.Default;
            return StepValue.OfVector(b.Op switch
            {
                BinaryOp.And => And(lhs.Vector, rhs.Vector, matching),
                BinaryOp.Or => Or(lhs.Vector, rhs.Vector, matching),
                BinaryOp.Unless => Unless(lhs.Vector, rhs.Vector, matching),
                _ => VectorBinary(b.Op, lhs.Vector, rhs.Vector, matching, b.ReturnBool, t),
            });
        }
        var scalarLeft = lhs.Type == ValueType.Scalar;
        var vector = scalarLeft ? rhs.Vector : lhs.Vector;
        var scalar = scalarLeft ? lhs.Scalar : rhs.Scalar;
        var dropName = !b.Op.IsComparison() || b.ReturnBool;
        var result = new List<StepSample>(vector.Count);
        foreach (var s in vector)
        {
            var (v, keep) = scalarLeft ? Apply(b.Op, scalar, s.F) : Apply(b.Op, s.F, scalar);
            if (b.Op.IsComparison())
            {
                // The vector element's value is kept even when the scalar is on the left.
                v = s.F;
                if (b.ReturnBool)
                {
                    v = keep ? 1 : 0;
                    keep = true;
                }
            }
            if (!keep) continue;
            result.Add(dropName ? NameDropped(s.Metric, t, v) : new StepSample(s.Metric, t, v, s.DropName));
        }
        return StepValue.OfVector(result);
    }

    /// <summary>Applies an arithmetic or comparison operator; for comparisons the value is the left operand and keep is the outcome.</summary>
    internal static (double Value, bool Keep) Apply(BinaryOp op, double l, double r) => op switch
    {
        BinaryOp.Add => (l + r, true),
        BinaryOp.Sub => (l - r, true),
        BinaryOp.Mul => (l * r, true),
        BinaryOp.Div => (l / r, true),
        BinaryOp.Mod => (l % r, true),
        BinaryOp.Pow => (Math.Pow(l, r), true),
        BinaryOp.Atan2 => (Math.Atan2(l, r), true),
        BinaryOp.Eql => (l, l == r),
        BinaryOp.Neq => (l, l != r),
        BinaryOp.Gtr => (l, l > r),
        BinaryOp.Lss => (l, l < r),
        BinaryOp.Gte => (l, l >= r),
        BinaryOp.Lte => (l, l <= r),
        _ => throw new PromQLEvalException($"operator \"{op.Text()}\" not allowed for floats"),
    };

    private List<StepSample> VectorBinary(BinaryOp op, List<StepSample> lhs, List<StepSample> rhs, VectorMatching m, bool returnBool, long t)
    {
        var swapped = m.Card == VectorMatchCardinality.OneToMany;
        var (many, one) = swapped ? (rhs, lhs) : (lhs, rhs);
        var oneBySig = new Dictionary<string, StepSample>(StringComparer.Ordinal);
        foreach (var s in one)
        {
            var sig = Signature(s.Metric, m);
            if (oneBySig.TryGetValue(sig, out var dup))
            {
                throw new PromQLEvalException(
                    $"found duplicate series for the match group {SignatureLabels(s.Metric, m)} on the {(swapped ? "left" : "right")} hand-side of the operation: " +
                    $"[{dup.Metric}, {s.Metric}];many-to-many matching not allowed: matching labels must be unique on one side");
            }
            oneBySig[sig] = s;
        }
        var matched = m.Card == VectorMatchCardinality.OneToOne ? new HashSet<string>(StringComparer.Ordinal) : null;
        var inserted = m.Card != VectorMatchCardinality.OneToOne ? new HashSet<LabelSet>() : null;
        var dropName = !op.IsComparison() || returnBool;
        // With delayed name removal the name stays, marked, until the query ends.
        var delayed = dropName && _options.EnableDelayedNameRemoval;
        var deleteName = dropName && !delayed;
        var result = new List<StepSample>();
        // The experimental fill modifiers. Prometheus applies fill_left to the many side and fill_right to the one
        // side, so with group_right (where the sides are swapped) they fill the right and the left operand.
        var fillMany = m.FillLeft;
        var fillOne = m.FillRight;
        var manySigs = fillMany is not null ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var s in many)
        {
            var sig = Signature(s.Metric, m);
            manySigs?.Add(sig);
            if (!oneBySig.TryGetValue(sig, out var o))
            {
                if (fillOne is not { } filled) continue;
                // A missing one-side series has only the match group's labels, so group_left(...) labels stay unset.
                o = new StepSample(LabelSet.Empty, t, filled);
            }
            var (l, r) = swapped ? (o.F, s.F) : (s.F, o.F);
            var (v, keep) = Apply(op, l, r);
            if (returnBool)
            {
                v = keep ? 1 : 0;
                keep = true;
            }
            // Matching errors are found before a comparison filters the pair out, as Prometheus does: whether a query
            // fails must not depend on the sample values.
            LabelSet? metric = null;
            if (matched is not null)
            {
                if (!matched.Add(sig))
                {
                    throw new PromQLEvalException("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            }
            else if (!inserted!.Add(metric = ResultMetric(s.Metric, o.Metric, m, deleteName)))
            {
                throw new PromQLEvalException("multiple matches for labels: grouping labels must ensure unique matches");
            }
            if (!keep) continue;
            result.Add(new StepSample(metric ?? ResultMetric(s.Metric, o.Metric, m, deleteName), t, v, delayed || s.DropName));
        }
        if (fillMany is { } manyFill)
        {
            foreach (var (sig, o) in oneBySig)
            {
                if (manySigs!.Contains(sig)) continue;
                // A missing many-side series: one series with the match group's labels.
                var (l, r) = swapped ? (o.F, manyFill) : (manyFill, o.F);
                var (v, keep) = Apply(op, l, r);
                if (returnBool)
                {
                    v = keep ? 1 : 0;
                    keep = true;
                }
                if (!keep) continue;
                result.Add(new StepSample(ResultMetric(SignatureLabels(o.Metric, m), o.Metric, m, deleteName), t, v, delayed));
            }
        }
        return result;
    }

    private LabelSet ResultMetric(LabelSet many, LabelSet one, VectorMatching m, bool deleteName)
    {
        var b = many.ToBuilder();
        if (deleteName) DeleteName(b);
        if (m.Card == VectorMatchCardinality.OneToOne)
        {
            if (m.On)
            {
                b.RemoveWhere(l => !Contains(m.MatchingLabels, l.Name));
            }
            else
            {
                foreach (var n in m.MatchingLabels) b.Delete(n);
            }
        }
        else
        {
            foreach (var n in m.Include)
            {
                var v = one.Get(n);
                if (v.Length == 0) b.Delete(n);
                else b.Set(n, v);
            }
        }
        return b.ToLabelSet();
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var n in names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The matching key: the <c>on</c> labels, or all labels but the <c>ignoring</c> ones and the metric name.</summary>
    private static string Signature(LabelSet l, VectorMatching m)
    {
        var sb = new StringBuilder();
        foreach (var label in l)
        {
            if (!InSignature(label.Name, m)) continue;
            sb.Append(label.Name).Append('\xff').Append(label.Value).Append('\xff');
        }
        return sb.ToString();
    }

    private static bool InSignature(string name, VectorMatching m) =>
        m.On ? Contains(m.MatchingLabels, name) : name != LabelNames.MetricName && !Contains(m.MatchingLabels, name);

    private static LabelSet SignatureLabels(LabelSet l, VectorMatching m) =>
        l.ToBuilder().RemoveWhere(x => !InSignature(x.Name, m)).ToLabelSet();

    private static HashSet<string> Signatures(List<StepSample> v, VectorMatching m)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in v) set.Add(Signature(s.Metric, m));
        return set;
    }

    private static List<StepSample> And(List<StepSample> lhs, List<StepSample> rhs, VectorMatching m)
    {
        var sigs = Signatures(rhs, m);
        return lhs.FindAll(s => sigs.Contains(Signature(s.Metric, m)));
    }

    private static List<StepSample> Unless(List<StepSample> lhs, List<StepSample> rhs, VectorMatching m)
    {
        var sigs = Signatures(rhs, m);
        return lhs.FindAll(s => !sigs.Contains(Signature(s.Metric, m)));
    }

    private static List<StepSample> Or(List<StepSample> lhs, List<StepSample> rhs, VectorMatching m)
    {
        var sigs = Signatures(lhs, m);
        var result = new List<StepSample>(lhs);
        foreach (var s in rhs)
        {
            if (!sigs.Contains(Signature(s.Metric, m))) result.Add(s);
        }
        return result;
    }
}
