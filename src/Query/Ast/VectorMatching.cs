using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// Vector matching of a binary operation between two instant vectors. <see cref="On"/> is true for
/// <c>on(...)</c> (match on <see cref="MatchingLabels"/>), false for <c>ignoring(...)</c> or no clause (match on all
/// labels but <see cref="MatchingLabels"/>). <see cref="Include"/> lists the labels of <c>group_left(...)</c> /
/// <c>group_right(...)</c>. <see cref="FillLeft"/>/<see cref="FillRight"/> are the experimental fill values for a
/// missing left/right series (null: no fill).
/// </summary>
public sealed record VectorMatching(
    VectorMatchCardinality Card,
    IReadOnlyList<string> MatchingLabels,
    bool On,
    IReadOnlyList<string> Include,
    double? FillLeft = null,
    double? FillRight = null)
{
    public static VectorMatching Default { get; } = new(VectorMatchCardinality.OneToOne, [], false, []);

    internal bool HasClause => On || MatchingLabels.Count > 0 || Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany;

    internal void WriteTo(StringBuilder sb)
    {
        if (HasClause)
        {
            sb.Append(On ? " on (" : " ignoring (");
            WriteLabels(sb, MatchingLabels);
            sb.Append(')');
            if (Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany)
            {
                sb.Append(Card == VectorMatchCardinality.ManyToOne ? " group_left (" : " group_right (");
                WriteLabels(sb, Include);
                sb.Append(')');
            }
        }
        if (FillLeft is { } l && FillRight is { } r && l.Equals(r))
        {
            sb.Append(" fill (").Append(NumberLiteral.FormatFloat(l)).Append(')');
            return;
        }
        if (FillLeft is { } fl) sb.Append(" fill_left (").Append(NumberLiteral.FormatFloat(fl)).Append(')');
        if (FillRight is { } fr) sb.Append(" fill_right (").Append(NumberLiteral.FormatFloat(fr)).Append(')');
    }

    internal static void WriteLabels(StringBuilder sb, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            GoQuote.AppendLabelName(sb, labels[i]);
        }
    }
}
