using MetricsServer.Query.Ast;
using ValueType = MetricsServer.Query.Ast.ValueType;

namespace MetricsServer.Query.Parsing;

/// <summary>
/// Recursive-descent PromQL parser with precedence climbing for binary operators. Syntax errors throw at once;
/// type errors (Prometheus's <c>checkAST</c>) are recorded while the tree is built and thrown after a successful
/// parse, so that a syntax error anywhere wins over a type error, as in Prometheus.
/// </summary>
internal ref partial struct Parser
{
    private const int UnaryOperandPrecedence = 6;

    private readonly string _query;
    private readonly PromQLParserOptions _options;
    private Lexer _lexer;
    private Token _tok;
    private Token _peek;
    private bool _hasPeek;
    private int _lastEnd;
    private List<(Expr? Node, PromQLParseException Error)>? _typeErrors;

    public Parser(string query, PromQLParserOptions options)
    {
        _query = query;
        _options = options;
        _lexer = new Lexer(query);
        _tok = default;
        _peek = default;
        _hasPeek = false;
        _lastEnd = 0;
        _typeErrors = null;
        _tok = _lexer.Next();
    }

    public Expr ParseQuery()
    {
        if (_tok.Kind == TokenKind.Eof) throw Error("no expression found in input", new PositionRange(0, 0));
        var expr = ParseExpr(0);
        if (_tok.Kind != TokenKind.Eof) throw Unexpected("", "");
        if (_typeErrors is { Count: > 0 }) throw _typeErrors[0].Error;
        return expr;
    }

    // ---- Token handling ----

    private void Advance()
    {
        _lastEnd = _tok.End;
        if (_hasPeek)
        {
            _tok = _peek;
            _hasPeek = false;
        }
        else
        {
            _tok = _lexer.Next();
        }
    }

    private Token Peek()
    {
        if (!_hasPeek)
        {
            _peek = _lexer.Next();
            _hasPeek = true;
        }
        return _peek;
    }

    private readonly string Text(Token t) => _query[t.Start..t.End];

    private static PositionRange Range(Token t) => new(t.Start, t.End);

    private void Expect(TokenKind kind, string context, string expected)
    {
        if (_tok.Kind != kind) throw Unexpected(context, expected);
        Advance();
    }

    private readonly PromQLParseException Error(string message, PositionRange position) => new(message, position, _query);

    /// <summary>Prometheus's "unexpected &lt;token&gt; in &lt;context&gt;, expected &lt;what&gt;".</summary>
    private readonly PromQLParseException Unexpected(string context, string expected)
    {
        var msg = "unexpected " + Describe(_tok);
        if (context.Length > 0) msg += " in " + context;
        if (expected.Length > 0) msg += ", expected " + expected;
        return Error(msg, Range(_tok));
    }

    private readonly string Describe(Token t)
    {
        var text = Text(t);
        return t.Kind switch
        {
            TokenKind.Eof => "end of input",
            TokenKind.Identifier => "identifier " + GoQuoteText(text, truncate: false),
            TokenKind.MetricIdentifier => "metric identifier " + GoQuoteText(text, truncate: false),
            TokenKind.Number => "number " + GoQuoteText(text, truncate: true),
            TokenKind.Duration => "duration " + GoQuoteText(text, truncate: true),
            TokenKind.String => "string " + GoQuoteText(text, truncate: true),
            _ when t.Kind.IsKeyword() => "<" + text + ">",
            _ when t.Kind.IsOperator() => "<op:" + text + ">",
            _ when t.Kind.IsAggregator() => "<aggr:" + text + ">",
            _ => GoQuoteText(text, truncate: true),
        };
    }

    private static string GoQuoteText(string text, bool truncate) =>
        truncate && text.Length > 10 ? GoQuote.Quote(text[..10]) + "..." : GoQuote.Quote(text);

    /// <summary>Records a type error; only the first is kept, and only thrown if parsing succeeds.</summary>
    private void TypeError(string message, PositionRange position, Expr? node = null) => (_typeErrors ??= []).Add((node, Error(message, position)));

    /// <summary>Re-points errors recorded for <paramref name="from"/> at its modified copy <paramref name="to"/>.</summary>
    private readonly void MoveTypeErrors(Expr from, Expr to)
    {
        if (_typeErrors is null) return;
        for (var i = 0; i < _typeErrors.Count; i++)
        {
            if (ReferenceEquals(_typeErrors[i].Node, from)) _typeErrors[i] = (to, _typeErrors[i].Error);
        }
    }

    /// <summary>Drops the type errors recorded for <paramref name="node"/> (a context that allows what was flagged).</summary>
    private readonly void ForgiveTypeErrors(Expr node) => _typeErrors?.RemoveAll(e => ReferenceEquals(e.Node, node));

    private void ExpectType(Expr e, ValueType want, string context)
    {
        if (e.Type != want) TypeError($"expected type {want.DocumentedName()} in {context}, got {e.Type.DocumentedName()}", e.Position);
    }

    // ---- Expressions ----

    private Expr ParseExpr(int minPrecedence)
    {
        var lhs = ParseUnary();
        while (TryBinaryOp(_tok.Kind, out var op) && op.Precedence() >= minPrecedence)
        {
            var opTok = _tok;
            Advance();
            var (returnBool, matching) = ParseBinaryModifiers();
            var rhs = ParseExpr(op.IsRightAssociative() ? op.Precedence() : op.Precedence() + 1);
            lhs = MakeBinary(op, lhs, rhs, returnBool, matching, opTok);
        }
        return lhs;
    }

    private Expr ParseUnary()
    {
        if (_tok.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParsePostfix(ParsePrimary());
        var opTok = _tok;
        Advance();
        // The operand binds like '*': only '^' binds tighter, so -2^2 is -(2^2) and -a*b is (-a)*b.
        var operand = ParseExpr(UnaryOperandPrecedence);
        var position = new PositionRange(opTok.Start, operand.Position.End);
        if (operand is NumberLiteral n)
        {
            return new NumberLiteral(opTok.Kind == TokenKind.Sub ? -n.Value : n.Value, position, n.IsDuration);
        }
        if (operand.Type is not (ValueType.Scalar or ValueType.Vector))
        {
            TypeError($"unary expression only allowed on expressions of type scalar or instant vector, got \"{operand.Type.DocumentedName()}\"", position);
        }
        return new UnaryExpr(opTok.Kind == TokenKind.Sub, operand, position);
    }

    private Expr ParsePrimary()
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
            case TokenKind.String:
                Advance();
                return new StringLiteral(UnquoteString(t), Range(t));
            case TokenKind.LeftParen:
            {
                Advance();
                var inner = ParseExpr(0);
                if (_tok.Kind != TokenKind.RightParen) throw Unexpected("", "");
                var end = _tok.End;
                Advance();
                return new ParenExpr(inner, new PositionRange(t.Start, end));
            }
            case TokenKind.LeftBrace:
                return ParseVectorSelector(string.Empty, t.Start);
        }
        if (t.Kind.IsAggregator() && Peek().Kind is TokenKind.LeftParen or TokenKind.By or TokenKind.Without)
        {
            return ParseAggregate();
        }
        if (t.Kind is TokenKind.Identifier or TokenKind.Start or TokenKind.End && Peek().Kind == TokenKind.LeftParen)
        {
            return ParseCall();
        }
        if (t.Kind.CanBeMetricName())
        {
            Advance();
            return ParseVectorSelector(Text(t), t.Start);
        }
        throw Unexpected("", "");
    }

    private static bool TryBinaryOp(TokenKind kind, out BinaryOp op)
    {
        op = kind switch
        {
            TokenKind.Add => BinaryOp.Add,
            TokenKind.Sub => BinaryOp.Sub,
            TokenKind.Mul => BinaryOp.Mul,
            TokenKind.Div => BinaryOp.Div,
            TokenKind.Mod => BinaryOp.Mod,
            TokenKind.Pow => BinaryOp.Pow,
            TokenKind.Atan2 => BinaryOp.Atan2,
            TokenKind.Eqlc => BinaryOp.Eql,
            TokenKind.Neq => BinaryOp.Neq,
            TokenKind.Gtr => BinaryOp.Gtr,
            TokenKind.Lss => BinaryOp.Lss,
            TokenKind.Gte => BinaryOp.Gte,
            TokenKind.Lte => BinaryOp.Lte,
            TokenKind.And => BinaryOp.And,
            TokenKind.Or => BinaryOp.Or,
            TokenKind.Unless => BinaryOp.Unless,
            TokenKind.TrimUpper => BinaryOp.TrimUpper,
            TokenKind.TrimLower => BinaryOp.TrimLower,
            _ => (BinaryOp)(-1),
        };
        return (int)op >= 0;
    }
}
