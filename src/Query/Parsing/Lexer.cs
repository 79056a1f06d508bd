using MetricsServer.Query.Ast;

namespace MetricsServer.Query.Parsing;

/// <summary>
/// Pull lexer over a PromQL query. <see cref="Next"/> returns one token at a time, skipping whitespace and
/// <c>#</c> comments. Like Prometheus's lexer it tracks whether it is inside braces (label matchers: identifiers are
/// label names, no keywords) or brackets (durations: <c>:</c> separates range and step). Lexical errors throw
/// <see cref="PromQLParseException"/> positioned at the token that failed, up to the end of the input.
/// </summary>
public ref struct Lexer
{
    private readonly ReadOnlySpan<char> _input;
    private int _pos;
    private int _parenDepth;
    private bool _braceOpen;
    private bool _bracketOpen;
    private bool _gotColon;

    public Lexer(ReadOnlySpan<char> input)
    {
        _input = input;
    }

    public readonly ReadOnlySpan<char> Input => _input;

    /// <summary>The text of <paramref name="token"/>.</summary>
    public readonly ReadOnlySpan<char> Text(Token token) => _input[token.Start..token.End];

    public Token Next()
    {
        SkipSpaceAndComments();
        var start = _pos;
        if (_pos >= _input.Length)
        {
            if (_braceOpen) throw Error(start, "unexpected end of input inside braces");
            if (_parenDepth > 0) throw Error(start, "unclosed left parenthesis");
            if (_bracketOpen) throw Error(start, "unclosed left bracket");
            return new Token(TokenKind.Eof, start, start);
        }
        return _braceOpen ? InsideBraces(start) : Statement(start);
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _input.Length && _input[_pos] != '\n') _pos++;
            }
            else
            {
                break;
            }
        }
    }

    private Token Statement(int start)
    {
        var c = _input[_pos];
        switch (c)
        {
            case ',': return Single(TokenKind.Comma);
            case '(':
                _parenDepth++;
                return Single(TokenKind.LeftParen);
            case ')':
                _parenDepth--;
                if (_parenDepth < 0) throw Error(start, "unexpected right parenthesis ')'");
                return Single(TokenKind.RightParen);
            case '{':
                _braceOpen = true;
                return Single(TokenKind.LeftBrace);
            case '}': throw Error(start, "unexpected character: '}'");
            case '[':
                if (_bracketOpen) throw Error(start, "unexpected left bracket '['");
                _bracketOpen = true;
                _gotColon = false;
                return Single(TokenKind.LeftBracket);
            case ']':
                if (!_bracketOpen) throw Error(start, "unexpected right bracket ']'");
                _bracketOpen = false;
                return Single(TokenKind.RightBracket);
            case '@': return Single(TokenKind.At);
            case '+': return Single(TokenKind.Add);
            case '-': return Single(TokenKind.Sub);
            case '*': return Single(TokenKind.Mul);
            case '/': return Single(TokenKind.Div);
            case '%': return Single(TokenKind.Mod);
            case '^': return Single(TokenKind.Pow);
            case '=':
                if (Peek(1) == '=') return Double(TokenKind.Eqlc);
                if (Peek(1) == '~') throw Error(start, "unexpected character after '=': '~'");
                return Single(TokenKind.Assign);
            case '!':
                if (Peek(1) == '=') return Double(TokenKind.Neq);
                throw Error(start, "unexpected character after '!': " + QuoteRune(Peek(1)));
            case '<': return Peek(1) == '=' ? Double(TokenKind.Lte) : Peek(1) == '/' ? Double(TokenKind.TrimUpper) : Single(TokenKind.Lss);
            case '>': return Peek(1) == '=' ? Double(TokenKind.Gte) : Peek(1) == '/' ? Double(TokenKind.TrimLower) : Single(TokenKind.Gtr);
            case '"' or '\'': return QuotedString(start, c);
            case '`': return RawString(start);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1)))) return NumberOrDuration(start);
        if (c == ':' && _bracketOpen)
        {
            if (_gotColon) throw Error(start, "unexpected colon ':'");
            _gotColon = true;
            return Single(TokenKind.Colon);
        }
        if (IsAlpha(c) || c == ':') return IdentifierOrKeyword(start, allowColon: !_bracketOpen, keywords: true);
        throw Error(start, "unexpected character: " + QuoteRune(c));
    }

    private Token InsideBraces(int start)
    {
        var c = _input[_pos];
        switch (c)
        {
            case ',': return Single(TokenKind.Comma);
            case '}':
                _braceOpen = false;
                return Single(TokenKind.RightBrace);
            case '{': throw Error(start, "unexpected left brace '{'");
            case '=': return Peek(1) == '~' ? Double(TokenKind.EqlRegex) : Single(TokenKind.Assign);
            case '!':
                if (Peek(1) == '~') return Double(TokenKind.NeqRegex);
                if (Peek(1) == '=') return Double(TokenKind.Neq);
                throw Error(start, "unexpected character after '!' inside braces: " + QuoteRune(Peek(1)));
            case '"' or '\'': return QuotedString(start, c);
            case '`': return RawString(start);
        }
        if (IsAlpha(c)) return IdentifierOrKeyword(start, allowColon: false, keywords: false);
        throw Error(start, "unexpected character inside braces: " + QuoteRune(c));
    }

    private Token IdentifierOrKeyword(int start, bool allowColon, bool keywords)
    {
        var hasColon = false;
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (IsAlpha(c) || char.IsAsciiDigit(c)) _pos++;
            else if (c == ':' && allowColon)
            {
                hasColon = true;
                _pos++;
            }
            else break;
        }
        var word = _input[start.._pos];
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            if (keywords) return new Token(TokenKind.Number, start, _pos);
        }
        if (keywords && !hasColon && word.Length <= 12 && TokenKinds.Keywords.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var kw))
        {
            return new Token(kw, start, _pos);
        }
        return new Token(hasColon ? TokenKind.MetricIdentifier : TokenKind.Identifier, start, _pos);
    }

    private Token NumberOrDuration(int start)
    {
        if (ScanNumber() && !IsAlphaNumeric(Peek(0))) return new Token(TokenKind.Number, start, _pos);
        // Not a plain number: try a duration such as 1h30m.
        _pos = start;
        if (ScanDuration() && !IsAlphaNumeric(Peek(0)) && Peek(0) != '.') return new Token(TokenKind.Duration, start, _pos);
        var end = Math.Max(_pos + 1, start + 1);
        while (end < _input.Length && (IsAlphaNumeric(_input[end]) || _input[end] == '.')) end++;
        throw Error(start, "bad number or duration syntax: " + GoQuote.Quote(_input[start..Math.Min(end, _input.Length)].ToString()));
    }

    private bool ScanNumber()
    {
        if (Peek(0) == '0' && Peek(1) is 'x' or 'X')
        {
            _pos += 2;
            var hexStart = _pos;
            while (char.IsAsciiHexDigit(Peek(0))) _pos++;
            return _pos > hexStart;
        }
        var digits = 0;
        while (char.IsAsciiDigit(Peek(0)))
        {
            _pos++;
            digits++;
        }
        if (Peek(0) == '.')
        {
            _pos++;
            while (char.IsAsciiDigit(Peek(0)))
            {
                _pos++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (Peek(0) is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (Peek(0) is '+' or '-') _pos++;
            if (!char.IsAsciiDigit(Peek(0)))
            {
                _pos = save;
                return false;
            }
            while (char.IsAsciiDigit(Peek(0))) _pos++;
        }
        return true;
    }

    private bool ScanDuration()
    {
        var any = false;
        while (char.IsAsciiDigit(Peek(0)))
        {
            while (char.IsAsciiDigit(Peek(0))) _pos++;
            var c = Peek(0);
            if (c == 'm' && Peek(1) == 's') _pos += 2;
            else if (c is 's' or 'm' or 'h' or 'd' or 'w' or 'y') _pos++;
            else return false;
            any = true;
        }
        return any;
    }

    private Token QuotedString(int start, char quote)
    {
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length) throw Error(start, "unterminated quoted string");
            var c = _input[_pos];
            if (c == '\\')
            {
                _pos += 2;
                continue;
            }
            if (c == '\n') throw Error(start, "unterminated quoted string");
            _pos++;
            if (c == quote) return new Token(TokenKind.String, start, _pos);
        }
    }

    private Token RawString(int start)
    {
        var close = _input[(start + 1)..].IndexOf('`');
        if (close < 0) throw Error(start, "unterminated raw string");
        _pos = start + 1 + close + 1;
        return new Token(TokenKind.String, start, _pos);
    }

    private Token Single(TokenKind kind)
    {
        _pos++;
        return new Token(kind, _pos - 1, _pos);
    }

    private Token Double(TokenKind kind)
    {
        _pos += 2;
        return new Token(kind, _pos - 2, _pos);
    }

    private readonly char Peek(int ahead) => _pos + ahead < _input.Length ? _input[_pos + ahead] : '\0';

    private static bool IsAlpha(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsAlphaNumeric(char c) => IsAlpha(c) || char.IsAsciiDigit(c);

    private readonly PromQLParseException Error(int start, string message) =>
        new(message, new PositionRange(start, _input.Length), _input.ToString());

    /// <summary>A character as Go's <c>%q</c> prints a rune: <c>'}'</c>, <c>'\n'</c>.</summary>
    internal static string QuoteRune(char c)
    {
        if (c == '\0') return "'\\x00'";
        if (c == '\'') return "'\\''";
        var q = GoQuote.Quote(c.ToString());
        return "'" + q[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) + "'";
    }
}
