using System.Text;
using MetricsServer.Model.Time;

namespace MetricsServer.Query.Ast;

/// <summary>Printing of the <c>@</c>, <c>offset</c> and range-modifier suffix shared by selectors and subqueries.</summary>
internal static class Modifiers
{
    public static void WriteSuffix(StringBuilder sb, AtModifier at, TimeSpan offset, DurationExpr? offsetExpr, RangeModifier rangeModifier)
    {
        at.WriteTo(sb);
        if (offsetExpr is not null)
        {
            sb.Append(" offset ");
            offsetExpr.WriteTo(sb);
        }
        else if (offset > TimeSpan.Zero)
        {
            sb.Append(" offset ").Append(PromDuration.Format(offset));
        }
        else if (offset < TimeSpan.Zero)
        {
            sb.Append(" offset -").Append(PromDuration.Format(-offset));
        }
        if (rangeModifier == RangeModifier.Anchored) sb.Append(" anchored");
        else if (rangeModifier == RangeModifier.Smoothed) sb.Append(" smoothed");
    }

    public static void WriteDuration(StringBuilder sb, TimeSpan value, DurationExpr? expr)
    {
        if (expr is not null) expr.WriteTo(sb);
        else sb.Append(PromDuration.Format(value));
    }
}
