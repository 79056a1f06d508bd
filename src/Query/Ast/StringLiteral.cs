using System.Text;

namespace MetricsServer.Query.Ast;

/// <summary>
/// A string literal, unescaped. Bytes that a <c>\x</c> or octal escape produced and that do not form valid UTF-8 are
/// kept as lone surrogates U+DC80..U+DCFF (one per byte), so that they print back as the same escapes.
/// </summary>
public sealed class StringLiteral(string value, PositionRange position) : Expr(position)
{
    public string Value { get; } = value;

    public override ValueType Type => ValueType.String;
    public override IEnumerable<Expr> Children => [];

    public override void WriteTo(StringBuilder sb) => GoQuote.Append(sb, Value);
}
