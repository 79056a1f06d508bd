using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Parsing;

/// <summary>
/// Durations in brackets and after <c>offset</c>: a number of seconds, a duration literal, or (experimental)
/// arithmetic over them with <c>step()</c>, <c>range()</c>, <c>min_of</c> and <c>max_of</c>.
/// </summary>
internal ref partial struct Parser
{

    private bool StartsDuration() =>
        _tok.Kind is TokenKind.Number or TokenKind.Duration or TokenKind.LeftParen or TokenKind.Add or TokenKind.Sub
        || (_tok.Kind == TokenKind.Identifier && IsDurationFunction(Text(_tok)) && Peek().Kind == TokenKind.LeftParen);

    private static bool IsDurationFunction(string name) =>
        name.Equals("step", StringComparison.OrdinalIgnoreCase) || name.Equals("range", StringComparison.OrdinalIgnoreCase)
        || name.Equals("min_of", StringComparison.OrdinalIgnoreCase) || name.Equals("max_of", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns a parsed duration into a value plus, when it was not a plain literal, the expression as written.</summary>
    private readonly (TimeSpan Value, DurationExpr? Expr) ParseDurationValue(Expr parsed)
    {
        if (parsed is NumberLiteral n) return (ToTimeSpan(n.Value, n.Position), null);
        var d = (DurationExpr)parsed;
        return (d.IsConstant ? ToTimeSpan(d.Evaluate(0, 0), d.Position) : TimeSpan.Zero, d);
    }

    private readonly TimeSpan ToTimeSpan(double seconds, PositionRange position)
    {
        var ms = seconds * 1000;
        if (!double.IsFinite(ms) || Math.Abs(ms) >= TimeSpan.MaxValue.TotalMilliseconds / 2) throw Error("duration out of range", position);
        // Prometheus truncates to whole milliseconds; a literal such as 1001ms arrives as 1.001 s, whose product with
        // 1000 falls a hair below the integer, so values within rounding noise of an integer are that integer.
        var nearest = Math.Round(ms);
        return TimeSpan.FromMilliseconds(Math.Abs(ms - nearest) < 1e-6 ? nearest : Math.Truncate(ms));
    }

    private Expr ParseDurationExpr(int minPrecedence)
    {
        var lhs = ParseDurationUnary();
        while (TryDurationOp(_tok.Kind, out var op, out var precedence) && precedence >= minPrecedence)
        {
            Advance();
            if (!StartsDuration()) throw Unexpected("duration expression", "number or duration");
            var rhs = ParseDurationExpr(op == DurationOp.Pow ? precedence : precedence + 1);
            lhs = new DurationExpr(op, [lhs, rhs], PositionRange.Merge(lhs.Position, rhs.Position));
        }
        return lhs;
    }

    private Expr ParseDurationUnary()
    {
        if (_tok.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParseDurationPrimary();
        var opTok = _tok;
        Advance();
        if (!StartsDuration()) throw Unexpected("duration expression", "number or duration");
        return Signed(opTok, ParseDurationExpr(UnaryOperandPrecedence));
    }

    /// <summary>After <c>offset</c> only a signed atom is taken: <c>x offset 2 ^ 2</c> is <c>(x offset 2) ^ 2</c>.</summary>
    private Expr ParseOffsetOperand()
    {
        if (_tok.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParseDurationPrimary();
        var opTok = _tok;
        Advance();
        if (!StartsDuration() || _tok.Kind is TokenKind.Add or TokenKind.Sub) throw Unexpected("offset", "number or duration");
        return Signed(opTok, ParseDurationPrimary());
    }

    private static Expr Signed(Token opTok, Expr operand)
    {
        var position = new PositionRange(opTok.Start, operand.Position.End);
        var negate = opTok.Kind == TokenKind.Sub;
        if (operand is NumberLiteral n) return new NumberLiteral(negate ? -n.Value : n.Value, position, n.IsDuration);
        return new DurationExpr(negate ? DurationOp.Negate : DurationOp.Plus, [operand], position);
    }

    private Expr ParseDurationPrimary()
    {
        var t = _tok;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(ParseNumber(t), Range(t));
            case TokenKind.Duration:
                Advance();
                return new NumberLiteral(ParseDurationToken(t).TotalSeconds, Range(t), isDuration: true);
            case TokenKind.LeftParen:
            {
                Advance();
                if (!StartsDuration()) throw Unexpected("duration expression", "number or duration");
                var inner = ParseDurationExpr(0);
                if (_tok.Kind != TokenKind.RightParen) throw Unexpected("duration expression", "\")\"");
                Advance();
                return new DurationExpr(DurationOp.Paren, [inner], new PositionRange(t.Start, _lastEnd));
            }
            case TokenKind.Identifier when IsDurationFunction(Text(t)):
            {
                var name = Text(t).ToLowerInvariant();
                Advance();
                Expect(TokenKind.LeftParen, "duration expression", "\"(\"");
                if (name is "step" or "range")
                {
                    Expect(TokenKind.RightParen, "duration expression", "\")\"");
                    return new DurationExpr(name == "step" ? DurationOp.Step : DurationOp.Range, [], new PositionRange(t.Start, _lastEnd));
                }
                if (!StartsDuration()) throw Unexpected("duration expression", "number or duration");
                var a = ParseDurationExpr(0);
                Expect(TokenKind.Comma, "duration expression", "\",\"");
                if (!StartsDuration()) throw Unexpected("duration expression", "number or duration");
                var b = ParseDurationExpr(0);
                Expect(TokenKind.RightParen, "duration expression", "\")\"");
                return new DurationExpr(name == "min_of" ? DurationOp.MinOf : DurationOp.MaxOf, [a, b], new PositionRange(t.Start, _lastEnd));
            }
            default:
                throw Unexpected("duration expression", "number or duration");
        }
    }

    private static bool TryDurationOp(TokenKind kind, out DurationOp op, out int precedence)
    {
        (op, precedence) = kind switch
        {
            TokenKind.Add => (DurationOp.Add, 4),
            TokenKind.Sub => (DurationOp.Sub, 4),
            TokenKind.Mul => (DurationOp.Mul, 5),
            TokenKind.Div => (DurationOp.Div, 5),
            TokenKind.Mod => (DurationOp.Mod, 5),
            TokenKind.Pow => (DurationOp.Pow, 6),
            _ => (DurationOp.Add, -1),
        };
        return precedence >= 0;
    }
}
