using System.Globalization;
using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>The <c>@</c> modifier of a selector or subquery; <see cref="TimestampMs"/> is set for <see cref="AtKind.Timestamp"/>.</summary>
public readonly record struct AtModifier(AtKind Kind, long TimestampMs)
{
    public static readonly AtModifier None;
    public static AtModifier Start => new(AtKind.Start, 0);
    public static AtModifier End => new(AtKind.End, 0);
    public static AtModifier At(long timestampMs) => new(AtKind.Timestamp, timestampMs);

    public bool IsSet => Kind != AtKind.None;

    internal void WriteTo(StringBuilder sb)
    {
        switch (Kind)
        {
            case AtKind.Timestamp:
                sb.Append(" @ ").Append((TimestampMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
                break;
            case AtKind.Start: sb.Append(" @ start()"); break;
            case AtKind.End: sb.Append(" @ end()"); break;
        }
    }
}
