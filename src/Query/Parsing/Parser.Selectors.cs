using System.Globalization;
using MetricsServer.Model.Labels;
using MatchType = MetricsServer.Model.Labels.MatchType;
using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Parsing;

/// <summary>Selectors and the postfix modifiers: ranges, subqueries, <c>offset</c>, <c>@</c>, <c>anchored</c>/<c>smoothed</c>.</summary>
internal ref partial struct Parser
{
    private const string ModifierTarget = "must be preceded by an instant vector selector or range vector selector or a subquery";

    /// <summary>Parses the optional <c>{...}</c> after a metric name (or at the start when <paramref name="name"/> is empty).</summary>
    private VectorSelector ParseVectorSelector(string name, int start)
    {
        var matchers = new List<Matcher>();
        var nameSetInside = false;
        if (_tok.Kind == TokenKind.LeftBrace)
        {
            Advance();
            while (_tok.Kind != TokenKind.RightBrace)
            {
                var m = ParseMatcher();
                if (m.Name == LabelNames.MetricName) nameSetInside = true;
                matchers.Add(m);
                if (_tok.Kind == TokenKind.Comma) Advance();
                else if (_tok.Kind != TokenKind.RightBrace) throw Unexpected("label matching", "\",\" or \"}\"");
            }
            Advance();
        }
        var position = new PositionRange(start, _lastEnd);
        if (name.Length > 0)
        {
            if (nameSetInside)
            {
                foreach (var m in matchers)
                {
                    if (m.Name == LabelNames.MetricName)
                    {
                        TypeError($"metric name must not be set twice: {GoQuote.Quote(name)} or {GoQuote.Quote(m.Value)}", position);
                        break;
                    }
                }
            }
            matchers.Add(Matcher.Equal(LabelNames.MetricName, name));
        }
        var notEmpty = false;
        foreach (var m in matchers)
        {
            if (!m.MatchesEmpty)
            {
                notEmpty = true;
                break;
            }
        }
        var selector = new VectorSelector(name, matchers, position);
        if (!notEmpty) TypeError("vector selector must contain at least one non-empty matcher", position, selector);
        return selector;
    }

    private Matcher ParseMatcher()
    {
        var start = _tok.Start;
        string labelName;
        if (_tok.Kind == TokenKind.Identifier)
        {
            labelName = Text(_tok);
            Advance();
            if (!IsMatchOp(_tok.Kind)) throw Unexpected("label matching", "label matching operator");
        }
        else if (_tok.Kind == TokenKind.String)
        {
            labelName = UnquoteString(_tok);
            Advance();
            // A lone quoted string is the metric name: {"metric.name"}.
            if (!IsMatchOp(_tok.Kind)) return Matcher.Equal(LabelNames.MetricName, labelName);
        }
        else
        {
            throw Unexpected("label matching", "identifier or \"}\"");
        }
        var type = _tok.Kind switch
        {
            TokenKind.Assign => MatchType.Equal,
            TokenKind.Neq => MatchType.NotEqual,
            TokenKind.EqlRegex => MatchType.Regex,
            _ => MatchType.NotRegex,
        };
        Advance();
        if (_tok.Kind != TokenKind.String) throw Unexpected("label matching", "string");
        var value = UnquoteString(_tok);
        Advance();
        try
        {
            return new Matcher(type, labelName, value);
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message, new PositionRange(start, _lastEnd));
        }
    }

    private static bool IsMatchOp(TokenKind k) => k is TokenKind.Assign or TokenKind.Neq or TokenKind.EqlRegex or TokenKind.NeqRegex;

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            switch (_tok.Kind)
            {
                case TokenKind.LeftBracket:
                    expr = ParseRangeOrSubquery(expr);
                    continue;
                case TokenKind.Offset:
                {
                    var next = ParseOffset(expr);
                    MoveTypeErrors(expr, next);
                    expr = next;
                    continue;
                }
                case TokenKind.At:
                {
                    var next = ParseAt(expr);
                    MoveTypeErrors(expr, next);
                    expr = next;
                    continue;
                }
                case TokenKind.Identifier when expr is VectorSelector or MatrixSelector:
                    var word = Text(_tok);
                    var modifier = word.Equals("anchored", StringComparison.OrdinalIgnoreCase) ? RangeModifier.Anchored
                        : word.Equals("smoothed", StringComparison.OrdinalIgnoreCase) ? RangeModifier.Smoothed
                        : RangeModifier.None;
                    if (modifier == RangeModifier.None) return expr;
                    Advance();
                    var modified = WithRangeModifier(expr, modifier);
                    MoveTypeErrors(expr, modified);
                    expr = modified;
                    continue;
                default:
                    return expr;
            }
        }
    }

    private readonly Expr WithRangeModifier(Expr expr, RangeModifier modifier)
    {
        var position = new PositionRange(expr.Position.Start, _lastEnd);
        return expr switch
        {
            VectorSelector vs => vs.With(position: position, rangeModifier: modifier),
            MatrixSelector ms => ms.With(ms.VectorSelector.With(rangeModifier: modifier), position),
            _ => expr,
        };
    }

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        var open = _tok;
        Advance();
        if (!StartsDuration()) throw Unexpected("subquery selector", "number or duration");
        var rangeStart = _tok;
        var (range, rangeExpr) = ParseDurationValue(ParseDurationExpr(0));
        if (rangeExpr is null && range <= TimeSpan.Zero && rangeStart.Kind == TokenKind.Duration)
        {
            throw Error("duration must be greater than 0", Range(rangeStart));
        }
        if (_tok.Kind == TokenKind.RightBracket)
        {
            var close = _tok;
            Advance();
            var bracketRange = new PositionRange(open.Start, close.End);
            if (expr is not VectorSelector vs) throw Error("ranges only allowed for vector selectors", bracketRange);
            if (vs.HasOffset) throw Error("no offset modifiers allowed before range", bracketRange);
            if (vs.At.IsSet) throw Error("no @ modifiers allowed before range", bracketRange);
            return new MatrixSelector(vs, range, rangeExpr, new PositionRange(expr.Position.Start, close.End));
        }
        if (_tok.Kind != TokenKind.Colon) throw Unexpected("subquery or range", "\":\" or \"]\"");
        Advance();
        var step = TimeSpan.Zero;
        DurationExpr? stepExpr = null;
        if (_tok.Kind != TokenKind.RightBracket)
        {
            if (!StartsDuration()) throw Unexpected("subquery selector", "number or duration or \"]\"");
            (step, stepExpr) = ParseDurationValue(ParseDurationExpr(0));
            if (_tok.Kind != TokenKind.RightBracket) throw Unexpected("subquery selector", "\"]\"");
        }
        Advance();
        var position = new PositionRange(expr.Position.Start, _lastEnd);
        if (expr.Type != ValueType.Vector)
        {
            TypeError($"subquery is only allowed on instant vector, got {expr.Type.ApiName()}", position);
        }
        return new SubqueryExpr(expr, range, rangeExpr, step, stepExpr, position);
    }

    private Expr ParseOffset(Expr expr)
    {
        Advance();
        if (!StartsDuration()) throw Unexpected("offset", "number or duration");
        var (offset, offsetExpr) = ParseDurationValue(ParseOffsetOperand());
        var position = new PositionRange(expr.Position.Start, _lastEnd);
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.HasOffset) throw Error("offset may not be set multiple times", expr.Position);
                return vs.With(position: position, offset: offset, offsetExpr: offsetExpr);
            case MatrixSelector ms:
                if (ms.VectorSelector.HasOffset) throw Error("offset may not be set multiple times", expr.Position);
                return ms.With(ms.VectorSelector.With(offset: offset, offsetExpr: offsetExpr), position);
            case SubqueryExpr sq:
                if (sq.HasOffset) throw Error("offset may not be set multiple times", expr.Position);
                return sq.With(position, offset, offsetExpr);
            default:
                throw Error("offset modifier " + ModifierTarget, expr.Position);
        }
    }

    private Expr ParseAt(Expr expr)
    {
        Advance();
        AtModifier at;
        if (_tok.Kind is TokenKind.Start or TokenKind.End && Peek().Kind == TokenKind.LeftParen)
        {
            at = _tok.Kind == TokenKind.Start ? AtModifier.Start : AtModifier.End;
            Advance();
            Advance();
            Expect(TokenKind.RightParen, "@", "\")\"");
        }
        else
        {
            if (_tok.Kind is not (TokenKind.Number or TokenKind.Duration or TokenKind.Add or TokenKind.Sub)) throw Unexpected("@", "timestamp");
            var ts = ParseSignedNumber("@", "timestamp");
            if (!double.IsFinite(ts) || ts >= long.MaxValue / 1000.0 || ts <= long.MinValue / 1000.0)
            {
                var shown = double.IsNaN(ts) ? "NaN" : double.IsPositiveInfinity(ts) ? "+Inf" : double.IsNegativeInfinity(ts) ? "-Inf"
                    : ts.ToString("F6", CultureInfo.InvariantCulture);
                throw Error("timestamp out of bounds for @ modifier: " + shown, expr.Position);
            }
            at = AtModifier.At((long)Math.Round(ts * 1000, MidpointRounding.AwayFromZero));
        }
        var position = new PositionRange(expr.Position.Start, _lastEnd);
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.At.IsSet) throw Error("@ <timestamp> may not be set multiple times", expr.Position);
                return vs.With(position: position, at: at);
            case MatrixSelector ms:
                if (ms.VectorSelector.At.IsSet) throw Error("@ <timestamp> may not be set multiple times", expr.Position);
                return ms.With(ms.VectorSelector.With(at: at), position);
            case SubqueryExpr sq:
                if (sq.At.IsSet) throw Error("@ <timestamp> may not be set multiple times", expr.Position);
                return sq.With(position, at: at);
            default:
                throw Error("@ modifier " + ModifierTarget, expr.Position);
        }
    }
}
