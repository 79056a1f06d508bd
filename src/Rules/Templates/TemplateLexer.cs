using System.Text;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// Splits a Go template into text and action tokens: <c>{{</c> and <c>}}</c> delimit actions, <c>{{- </c> and
/// <c> -}}</c> trim the white space beside them, <c>{{/* */}}</c> is a comment.
/// </summary>
internal sealed class TemplateLexer(string name, string input)
{
    private readonly List<TemplateToken> _tokens = [];
    private int _pos;
    private int _line = 1;

    public List<TemplateToken> Lex()
    {
        var trimNext = false;
        while (_pos < input.Length)
        {
            var open = input.IndexOf("{{", _pos, StringComparison.Ordinal);
            var end = open < 0 ? input.Length : open;
            var text = input[_pos..end];
            if (trimNext) text = text.TrimStart();
            var trimBefore = open >= 0 && open + 3 < input.Length && input[open + 2] == '-' && IsSpace(input[open + 3]);
            if (trimBefore) text = text.TrimEnd();
            if (text.Length > 0) _tokens.Add(new TemplateToken(TemplateTokenKind.Text, text, _line, false));
            _line += Count(input.AsSpan(_pos, end - _pos));
            if (open < 0) break;
            _pos = open + (trimBefore ? 3 : 2);
            trimNext = LexAction();
        }
        return _tokens;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int Count(ReadOnlySpan<char> s) => s.Count('\n');

    private TemplateException Error(string message) => new($"template: {name}:{_line}: {message}");

    /// <summary>Lexes one action; returns whether it ended with a trim marker.</summary>
    private bool LexAction()
    {
        var start = _pos;
        while (_pos < input.Length && IsSpace(input[_pos])) _pos++;
        if (input.AsSpan(_pos).StartsWith("/*"))
        {
            var close = input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
            if (close < 0) throw Error("unclosed comment");
            _line += Count(input.AsSpan(_pos, close - _pos));
            _pos = close + 2;
            while (_pos < input.Length && IsSpace(input[_pos])) _pos++;
            var trim = input.AsSpan(_pos).StartsWith("-}}");
            if (trim) _pos++;
            if (!input.AsSpan(_pos).StartsWith("}}")) throw Error("comment ends before closing delimiter");
            _pos += 2;
            return trim;
        }
        _pos = start;
        _tokens.Add(new TemplateToken(TemplateTokenKind.LeftDelim, "{{", _line, false));
        var spaced = false;
        while (true)
        {
            if (_pos >= input.Length) throw Error("unclosed action");
            var c = input[_pos];
            if (IsSpace(c))
            {
                if (c == '\n') _line++;
                _pos++;
                spaced = true;
                continue;
            }
            if (c == '-' && spaced && input.AsSpan(_pos + 1).StartsWith("}}"))
            {
                _pos += 3;
                _tokens.Add(new TemplateToken(TemplateTokenKind.RightDelim, "}}", _line, true));
                return true;
            }
            if (input.AsSpan(_pos).StartsWith("}}"))
            {
                _pos += 2;
                _tokens.Add(new TemplateToken(TemplateTokenKind.RightDelim, "}}", _line, spaced));
                return false;
            }
            LexItem(c, spaced);
            spaced = false;
        }
    }

    private void LexItem(char c, bool spaced)
    {
        var begin = _pos;
        switch (c)
        {
            case '|':
                Add(TemplateTokenKind.Pipe, 1);
                return;
            case '(':
                Add(TemplateTokenKind.LeftParen, 1);
                return;
            case ')':
                Add(TemplateTokenKind.RightParen, 1);
                return;
            case ',':
                Add(TemplateTokenKind.Comma, 1);
                return;
            case '=':
                Add(TemplateTokenKind.Assign, 1);
                return;
            case ':':
                if (_pos + 1 < input.Length && input[_pos + 1] == '=')
                {
                    Add(TemplateTokenKind.Declare, 2);
                    return;
                }
                throw Error("expected :=");
            case '"':
                _tokens.Add(new TemplateToken(TemplateTokenKind.String, LexQuoted(), _line, spaced));
                return;
            case '`':
            {
                var close = input.IndexOf('`', _pos + 1);
                if (close < 0) throw Error("unterminated raw quoted string");
                var raw = input[(_pos + 1)..close];
                _tokens.Add(new TemplateToken(TemplateTokenKind.String, raw, _line, spaced));
                _line += Count(raw);
                _pos = close + 1;
                return;
            }
            case '$':
                _pos++;
                while (_pos < input.Length && IsWordChar(input[_pos])) _pos++;
                _tokens.Add(new TemplateToken(TemplateTokenKind.Variable, input[begin.._pos], _line, spaced));
                return;
            case '.':
                if (_pos + 1 < input.Length && char.IsAsciiDigit(input[_pos + 1])) break;
                _pos++;
                while (_pos < input.Length && IsWordChar(input[_pos])) _pos++;
                _tokens.Add(new TemplateToken(_pos - begin == 1 ? TemplateTokenKind.Dot : TemplateTokenKind.Field, input[begin.._pos], _line, spaced));
                return;
        }
        if (char.IsAsciiDigit(c) || c is '-' or '+' or '.')
        {
            _pos++;
            while (_pos < input.Length && (char.IsAsciiLetterOrDigit(input[_pos]) || input[_pos] is '.' or '_' ||
                   (input[_pos] is '+' or '-' && input[_pos - 1] is 'e' or 'E' or 'p' or 'P'))) _pos++;
            _tokens.Add(new TemplateToken(TemplateTokenKind.Number, input[begin.._pos], _line, spaced));
            return;
        }
        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < input.Length && IsWordChar(input[_pos])) _pos++;
            _tokens.Add(new TemplateToken(TemplateTokenKind.Identifier, input[begin.._pos], _line, spaced));
            return;
        }
        throw Error($"unexpected \"{c}\" in command");
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private void Add(TemplateTokenKind kind, int length)
    {
        _tokens.Add(new TemplateToken(kind, input.Substring(_pos, length), _line, false));
        _pos += length;
    }

    /// <summary>A Go interpreted string literal, escapes decoded.</summary>
    private string LexQuoted()
    {
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= input.Length || input[_pos] == '\n') throw Error("unterminated quoted string");
            var c = input[_pos++];
            if (c == '"') return sb.ToString();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= input.Length) throw Error("unterminated quoted string");
            var e = input[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append((char)Convert.ToInt32(Take(2), 16)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Convert.ToInt32(Take(4), 16))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Convert.ToInt32(Take(8), 16))); break;
                default: throw Error("invalid syntax");
            }
        }
    }

    private string Take(int n)
    {
        if (_pos + n > input.Length) throw Error("invalid syntax");
        var s = input.Substring(_pos, n);
        _pos += n;
        return s;
    }
}
