using System.Globalization;
using MetricsServer.Query.Ast;
using MetricsServer.Query.Functions;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Parsing;

/// <summary>Binary operators with their modifiers, aggregations and function calls.</summary>
internal ref partial struct Parser
{
    private static readonly System.Buffers.SearchValues<char> OctalDigits = System.Buffers.SearchValues.Create("01234567");

    private (bool ReturnBool, VectorMatching Matching) ParseBinaryModifiers()
    {
        var returnBool = false;
        if (_tok.Kind == TokenKind.Bool)
        {
            returnBool = true;
            Advance();
        }
        var matching = VectorMatching.Default;
        if (_tok.Kind is TokenKind.On or TokenKind.Ignoring)
        {
            var on = _tok.Kind == TokenKind.On;
            Advance();
            var labels = ParseGroupingLabels();
            matching = matching with { On = on, MatchingLabels = labels };
            if (_tok.Kind is TokenKind.GroupLeft or TokenKind.GroupRight)
            {
                var card = _tok.Kind == TokenKind.GroupLeft ? VectorMatchCardinality.ManyToOne : VectorMatchCardinality.OneToMany;
                Advance();
                var include = _tok.Kind == TokenKind.LeftParen ? ParseGroupingLabels() : [];
                matching = matching with { Card = card, Include = include };
            }
        }
        // Experimental fill modifiers; "fill" stays a valid metric name, so it is a modifier only when "(" follows.
        while (_tok.Kind == TokenKind.Identifier && Peek().Kind == TokenKind.LeftParen)
        {
            var word = Text(_tok);
            if (word is not ("fill" or "fill_left" or "fill_right")) break;
            Advance();
            Advance();
            var value = ParseSignedNumber("fill modifier", "number");
            Expect(TokenKind.RightParen, "fill modifier", "\")\"");
            matching = word switch
            {
                "fill" => matching with { FillLeft = value, FillRight = value },
                "fill_left" => matching with { FillLeft = value },
                _ => matching with { FillRight = value },
            };
        }
        return (returnBool, matching);
    }

    private double ParseSignedNumber(string context, string expected)
    {
        var negative = false;
        if (_tok.Kind is TokenKind.Add or TokenKind.Sub)
        {
            negative = _tok.Kind == TokenKind.Sub;
            Advance();
        }
        double v;
        if (_tok.Kind == TokenKind.Number) v = ParseNumber(_tok);
        else if (_tok.Kind == TokenKind.Duration) v = ParseDurationToken(_tok).TotalSeconds;
        else throw Unexpected(context, expected);
        Advance();
        return negative ? -v : v;
    }

    private BinaryExpr MakeBinary(BinaryOp op, Expr lhs, Expr rhs, bool returnBool, VectorMatching matching, Token opTok)
    {
        var position = new PositionRange(lhs.Position.Start, rhs.Position.End);
        var opRange = new PositionRange(opTok.Start, Math.Max(opTok.End, rhs.Position.Start));
        if (returnBool && !op.IsComparison()) TypeError("bool modifier can only be used on comparison operators", opRange);
        if (op.IsComparison() && !returnBool && lhs.Type == ValueType.Scalar && rhs.Type == ValueType.Scalar)
        {
            TypeError("comparisons between scalars must use BOOL modifier", opRange);
        }
        if (op.IsSetOperator() && matching.Card == VectorMatchCardinality.OneToOne)
        {
            matching = matching with { Card = VectorMatchCardinality.ManyToMany };
        }
        if (matching.On)
        {
            foreach (var l in matching.MatchingLabels)
            {
                if (matching.Include.Contains(l)) TypeError($"label {GoQuote.Quote(l)} must not occur in ON and GROUP clause at once", opRange);
            }
        }
        if (lhs.Type is not (ValueType.Scalar or ValueType.Vector)) TypeError("binary expression must contain only scalar and instant vector types", lhs.Position);
        if (rhs.Type is not (ValueType.Scalar or ValueType.Vector)) TypeError("binary expression must contain only scalar and instant vector types", rhs.Position);
        VectorMatching? kept = matching;
        if (lhs.Type != ValueType.Vector || rhs.Type != ValueType.Vector)
        {
            if (matching.MatchingLabels.Count > 0) TypeError("vector matching only allowed between instant vectors", position);
            kept = null;
        }
        else if (op.IsSetOperator())
        {
            if (matching.Card is VectorMatchCardinality.OneToMany or VectorMatchCardinality.ManyToOne)
            {
                TypeError($"no grouping allowed for \"{op.Text()}\" operation", position);
            }
        }
        if ((lhs.Type == ValueType.Scalar || rhs.Type == ValueType.Scalar) && op.IsSetOperator())
        {
            TypeError($"set operator \"{op.Text()}\" not allowed in binary scalar expression", position);
        }
        return new BinaryExpr(op, lhs, rhs, kept, returnBool, position);
    }

    /// <summary>Parses <c>( label, ... )</c>; keywords and quoted strings are label names here.</summary>
    private List<string> ParseGroupingLabels()
    {
        if (_tok.Kind != TokenKind.LeftParen) throw Unexpected("grouping opts", "\"(\"");
        Advance();
        var labels = new List<string>();
        while (_tok.Kind != TokenKind.RightParen)
        {
            if (_tok.Kind == TokenKind.String) labels.Add(UnquoteString(_tok));
            else if (_tok.Kind.CanBeLabel() && _tok.Kind != TokenKind.MetricIdentifier) labels.Add(Text(_tok));
            else throw Unexpected("grouping opts", "label");
            Advance();
            if (_tok.Kind == TokenKind.Comma) Advance();
            else if (_tok.Kind != TokenKind.RightParen) throw Unexpected("grouping opts", "\",\" or \")\"");
        }
        Advance();
        return labels;
    }

    private AggregateExpr ParseAggregate()
    {
        var opTok = _tok;
        var op = AggregateOpOf(opTok.Kind);
        Advance();
        List<string>? grouping = null;
        var without = false;
        if (_tok.Kind is TokenKind.By or TokenKind.Without)
        {
            without = _tok.Kind == TokenKind.Without;
            Advance();
            grouping = ParseGroupingLabels();
        }
        if (_tok.Kind != TokenKind.LeftParen) throw Unexpected("aggregation", "");
        var args = ParseCallArgs();
        if (grouping is null && _tok.Kind is TokenKind.By or TokenKind.Without)
        {
            without = _tok.Kind == TokenKind.Without;
            Advance();
            grouping = ParseGroupingLabels();
        }
        var position = new PositionRange(opTok.Start, _lastEnd);
        var desired = op.HasParam() ? 2 : 1;
        if (args.Count != desired)
        {
            throw Error($"wrong number of arguments for aggregate expression provided, expected {desired}, got {args.Count}", position);
        }
        var expr = args[desired - 1];
        var param = desired == 2 ? args[0] : null;
        ExpectType(expr, ValueType.Vector, "aggregation expression");
        if (param is not null) ExpectType(param, op.ParamType(), "aggregation parameter");
        return new AggregateExpr(op, expr, param, grouping ?? [], without, position);
    }

    private static AggregateOp AggregateOpOf(TokenKind kind) => kind switch
    {
        TokenKind.Sum => AggregateOp.Sum,
        TokenKind.Avg => AggregateOp.Avg,
        TokenKind.Count => AggregateOp.Count,
        TokenKind.Min => AggregateOp.Min,
        TokenKind.Max => AggregateOp.Max,
        TokenKind.Group => AggregateOp.Group,
        TokenKind.Stddev => AggregateOp.Stddev,
        TokenKind.Stdvar => AggregateOp.Stdvar,
        TokenKind.Topk => AggregateOp.Topk,
        TokenKind.Bottomk => AggregateOp.Bottomk,
        TokenKind.CountValues => AggregateOp.CountValues,
        TokenKind.Quantile => AggregateOp.Quantile,
        TokenKind.Limitk => AggregateOp.Limitk,
        _ => AggregateOp.LimitRatio,
    };

    /// <summary>Parses <c>( expr, ... )</c> starting at the left parenthesis.</summary>
    private List<Expr> ParseCallArgs()
    {
        Advance();
        var args = new List<Expr>();
        if (_tok.Kind == TokenKind.RightParen)
        {
            Advance();
            return args;
        }
        while (true)
        {
            args.Add(ParseExpr(0));
            if (_tok.Kind == TokenKind.Comma)
            {
                var comma = _tok;
                Advance();
                if (_tok.Kind == TokenKind.RightParen) throw Error("trailing commas not allowed in function call args", Range(comma));
                continue;
            }
            if (_tok.Kind != TokenKind.RightParen) throw Unexpected("", "");
            Advance();
            return args;
        }
    }

    private Call ParseCall()
    {
        var nameTok = _tok;
        var name = Text(nameTok);
        if (!PromQLFunctions.TryGet(name, out var fn)) throw Error($"unknown function with name {GoQuote.Quote(name)}", Range(nameTok));
        if (fn.Experimental && !_options.EnableExperimentalFunctions) throw Error($"function {GoQuote.Quote(name)} is not enabled", Range(nameTok));
        Advance();
        var args = ParseCallArgs();
        var position = new PositionRange(nameTok.Start, _lastEnd);
        var quoted = GoQuote.Quote(name);
        if (fn.Variadic == 0)
        {
            if (args.Count != fn.ArgTypes.Count) TypeError($"expected {fn.ArgTypes.Count} argument(s) in call to {quoted}, got {args.Count}", position);
        }
        else if (args.Count < fn.MinArgs)
        {
            TypeError($"expected at least {fn.MinArgs} argument(s) in call to {quoted}, got {args.Count}", position);
        }
        else if (args.Count > fn.MaxArgs)
        {
            TypeError($"expected at most {fn.MaxArgs} argument(s) in call to {quoted}, got {args.Count}", position);
        }
        // info()'s second argument selects info metrics by label and may match the empty string ({data=~".*"}).
        if (name == "info" && args.Count > 1 && args[1] is VectorSelector) ForgiveTypeErrors(args[1]);
        for (var i = 0; i < args.Count; i++)
        {
            if (i >= fn.ArgTypes.Count && fn.Variadic == 0) break;
            ExpectType(args[i], fn.ArgType(i), $"call to function {quoted}");
        }
        return new Call(fn, args, position);
    }

    // ---- Literals ----

    /// <summary>Numbers as Prometheus reads them: integers with Go's base prefixes (0x hex, leading-0 octal), else floats, Inf and NaN.</summary>
    private readonly double ParseNumber(Token t)
    {
        var s = _query.AsSpan(t.Start, t.Length);
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            if (ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue) return hex;
            throw Error($"error parsing number: strconv.ParseFloat: parsing {GoQuote.Quote(s.ToString())}: invalid syntax", Range(t));
        }
        if (s.Length > 1 && s[0] == '0' && !s.ContainsAny('.', 'e', 'E') && !s.ContainsAnyExcept(OctalDigits))
        {
            var octal = 0L;
            var ok = true;
            foreach (var c in s)
            {
                if (octal > (long.MaxValue >> 3))
                {
                    ok = false;
                    break;
                }
                octal = (octal << 3) + (c - '0');
            }
            if (ok) return octal;
        }
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw Error($"error parsing number: strconv.ParseFloat: parsing {GoQuote.Quote(s.ToString())}: invalid syntax", Range(t));
    }

    private readonly TimeSpan ParseDurationToken(Token t)
    {
        if (!Model.Time.PromDuration.TryParse(Text(t), out var d, out var error)) throw Error(error, Range(t));
        return d;
    }

    private readonly string UnquoteString(Token t)
    {
        var s = StringUnquoter.Unquote(_query.AsSpan(t.Start, t.Length), out var error);
        return s ?? throw Error(error, new PositionRange(t.Start, _query.Length));
    }
}
