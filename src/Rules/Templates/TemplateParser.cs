using System.Globalization;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// Parses Go <c>text/template</c> syntax into nodes: text, actions, <c>if</c>/<c>else if</c>/<c>range</c>/
/// <c>with</c>, <c>define</c>/<c>template</c>, variables and pipelines. Functions are checked at parse time, as Go
/// does, against the names <paramref name="functions"/> knows.
/// </summary>
internal sealed class TemplateParser(string name, IReadOnlySet<string> functions)
{
    private List<TemplateToken> _tokens = [];
    private int _i;
    private readonly Dictionary<string, List<TemplateNode>> _defines = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _scopes = [];
    private int _rangeDepth;

    public (List<TemplateNode> Root, Dictionary<string, List<TemplateNode>> Defines) Parse(string input)
    {
        _tokens = new TemplateLexer(name, input).Lex();
        _i = 0;
        _scopes.Clear();
        _scopes.Add(["$"]);
        var (list, end) = ParseList();
        if (end is not null) throw Error(Line, $"unexpected {{{{{end}}}}}");
        return (list, _defines);
    }

    private int Line => _i < _tokens.Count ? _tokens[_i].Line : _tokens.Count > 0 ? _tokens[^1].Line : 1;

    private TemplateException Error(int line, string message) => new($"template: {name}:{line}: {message}");

    private TemplateToken Peek() => _i < _tokens.Count ? _tokens[_i] : new TemplateToken(TemplateTokenKind.RightDelim, "", Line, false);

    private TemplateToken Next()
    {
        var t = Peek();
        _i++;
        return t;
    }

    /// <summary>Parses nodes until EOF or an <c>else</c>/<c>end</c> action, which it returns (after consuming <c>{{ end</c>).</summary>
    private (List<TemplateNode> List, string? End) ParseList()
    {
        var list = new List<TemplateNode>();
        while (_i < _tokens.Count)
        {
            var t = Next();
            if (t.Kind == TemplateTokenKind.Text)
            {
                list.Add(new TextNode(t.Line, t.Text));
                continue;
            }
            var head = Peek();
            if (head.Kind == TemplateTokenKind.Identifier)
            {
                switch (head.Text)
                {
                    case "end":
                        _i++;
                        Expect(TemplateTokenKind.RightDelim, "end");
                        return (list, "end");
                    case "else":
                        _i++;
                        return (list, "else");
                    case "if" or "range" or "with":
                        _i++;
                        list.Add(ParseBranch(head.Text, head.Line));
                        continue;
                    case "define":
                        _i++;
                        ParseDefine(head.Line);
                        continue;
                    case "template":
                        _i++;
                        list.Add(ParseTemplateCall(head.Line));
                        continue;
                    case "block":
                        _i++;
                        list.Add(ParseBlock(head.Line));
                        continue;
                    case "break" or "continue":
                        _i++;
                        if (_rangeDepth == 0) throw Error(head.Line, $"{{{{{head.Text}}}}} outside {{{{range}}}}");
                        Expect(TemplateTokenKind.RightDelim, head.Text);
                        list.Add(new LoopControlNode(head.Line, head.Text == "break"));
                        continue;
                }
            }
            var pipe = ParsePipeline("command", allowDecl: true, TemplateTokenKind.RightDelim);
            list.Add(new ActionNode(t.Line, pipe));
        }
        return (list, null);
    }

    private void Expect(TemplateTokenKind kind, string context)
    {
        var t = Next();
        if (t.Kind != kind) throw Error(t.Line, $"unexpected \"{t.Text}\" in {context}");
    }

    private BranchNode ParseBranch(string keyword, int line)
    {
        _scopes.Add([]);
        var pipe = ParsePipeline(keyword, allowDecl: true, TemplateTokenKind.RightDelim);
        if (keyword == "range") _rangeDepth++;
        var (list, end) = ParseList();
        if (keyword == "range") _rangeDepth--;
        _scopes.RemoveAt(_scopes.Count - 1);
        List<TemplateNode>? elseList = null;
        if (end is null) throw Error(Line, $"unexpected EOF");
        if (end == "else")
        {
            var next = Peek();
            if (next.Kind == TemplateTokenKind.Identifier && next.Text is "if" or "with" && keyword != "range")
            {
                // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing the one {{end}}.
                _i++;
                elseList = [ParseBranch(next.Text, next.Line)];
            }
            else
            {
                Expect(TemplateTokenKind.RightDelim, "else");
                _scopes.Add([]);
                var (elseNodes, elseEnd) = ParseList();
                _scopes.RemoveAt(_scopes.Count - 1);
                if (elseEnd != "end") throw Error(Line, elseEnd is null ? "unexpected EOF" : "expected end; found {{else}}");
                elseList = elseNodes;
            }
        }
        return new BranchNode(line, keyword, pipe, list, elseList);
    }

    private void ParseDefine(int line)
    {
        var nameToken = Next();
        if (nameToken.Kind != TemplateTokenKind.String) throw Error(line, "name of template in define must be a string");
        Expect(TemplateTokenKind.RightDelim, "define clause");
        var (list, end) = ParseList();
        if (end != "end") throw Error(line, "unexpected EOF in define");
        _defines[nameToken.Text] = list;
    }

    private TemplateCallNode ParseTemplateCall(int line)
    {
        var nameToken = Next();
        if (nameToken.Kind != TemplateTokenKind.String) throw Error(line, "unexpected name in template clause");
        PipelineNode? pipe = null;
        if (Peek().Kind != TemplateTokenKind.RightDelim) pipe = ParsePipeline("template clause", allowDecl: false, TemplateTokenKind.RightDelim);
        else _i++;
        return new TemplateCallNode(line, nameToken.Text, pipe);
    }

    private TemplateCallNode ParseBlock(int line)
    {
        var call = ParseTemplateCall(line);
        var (list, end) = ParseList();
        if (end != "end") throw Error(line, "unexpected EOF in block");
        _defines[call.Name] = list;
        return call;
    }

    /// <summary>Parses a pipeline and consumes its closing token (<c>}}</c> or <c>)</c>).</summary>
    private PipelineNode ParsePipeline(string context, bool allowDecl, TemplateTokenKind close)
    {
        var line = Line;
        var variables = new List<string>();
        var isAssign = false;
        if (allowDecl && Peek().Kind == TemplateTokenKind.Variable)
        {
            // Look ahead for "$x :=" or "$k, $v :=".
            var j = _i;
            var names = new List<string>();
            while (j < _tokens.Count && _tokens[j].Kind == TemplateTokenKind.Variable)
            {
                names.Add(_tokens[j].Text);
                j++;
                if (j < _tokens.Count && _tokens[j].Kind == TemplateTokenKind.Comma && names.Count < 2) j++;
                else break;
            }
            if (j < _tokens.Count && _tokens[j].Kind is TemplateTokenKind.Declare or TemplateTokenKind.Assign)
            {
                isAssign = _tokens[j].Kind == TemplateTokenKind.Assign;
                variables = names;
                _i = j + 1;
                if (isAssign)
                {
                    foreach (var v in names) CheckVariable(v, line);
                }
            }
        }
        var commands = new List<CommandNode>();
        while (true)
        {
            var command = ParseCommand(close);
            if (command.Args.Count == 0) throw Error(line, $"missing value for {context}");
            commands.Add(command);
            var t = Next();
            if (t.Kind == close) break;
            if (t.Kind != TemplateTokenKind.Pipe) throw Error(t.Line, $"unexpected \"{t.Text}\" in {context}");
        }
        // Declared names are visible after the declaration, to the end of the enclosing control structure.
        if (!isAssign) foreach (var v in variables) _scopes[^1].Add(v);
        for (var c = 1; c < commands.Count; c++)
        {
            if (commands[c].Args[0] is LiteralNode or NilNode or DotNode) throw Error(line, $"non executable command in pipeline stage {c + 1}");
        }
        return new PipelineNode(line, variables, isAssign, commands);
    }

    private CommandNode ParseCommand(TemplateTokenKind close)
    {
        var args = new List<OperandNode>();
        while (true)
        {
            var t = Peek();
            if (t.Kind == close || t.Kind == TemplateTokenKind.Pipe) return new CommandNode(args);
            if (t.Kind is TemplateTokenKind.RightDelim or TemplateTokenKind.RightParen)
            {
                throw Error(t.Line, $"unexpected \"{t.Text}\" in operand");
            }
            args.Add(ParseOperand());
        }
    }

    private OperandNode ParseOperand()
    {
        var t = Next();
        OperandNode term;
        switch (t.Kind)
        {
            case TemplateTokenKind.Dot:
                term = new DotNode();
                break;
            case TemplateTokenKind.Field:
                return new FieldNode([t.Text[1..], .. ChainedFields()]);
            case TemplateTokenKind.Variable:
                CheckVariable(t.Text, t.Line);
                return new VariableNode(t.Text, ChainedFields());
            case TemplateTokenKind.String:
                term = new LiteralNode(t.Text);
                break;
            case TemplateTokenKind.Number:
                term = new LiteralNode(ParseNumber(t));
                break;
            case TemplateTokenKind.LeftParen:
                var pipe = ParsePipeline("parenthesized pipeline", allowDecl: false, TemplateTokenKind.RightParen);
                return new SubPipelineNode(pipe, ChainedFields());
            case TemplateTokenKind.Identifier:
                switch (t.Text)
                {
                    case "true": return new LiteralNode(true);
                    case "false": return new LiteralNode(false);
                    case "nil": return new NilNode();
                }
                if (!functions.Contains(t.Text)) throw Error(t.Line, $"function \"{t.Text}\" not defined");
                return new IdentifierNode(t.Text);
            default:
                throw Error(t.Line, $"unexpected \"{t.Text}\" in operand");
        }
        return term;
    }

    private List<string> ChainedFields()
    {
        var fields = new List<string>();
        while (Peek() is { Kind: TemplateTokenKind.Field, Spaced: false } f)
        {
            fields.Add(f.Text[1..]);
            _i++;
        }
        return fields;
    }

    private void CheckVariable(string variable, int line)
    {
        foreach (var scope in _scopes)
        {
            if (scope.Contains(variable)) return;
        }
        throw Error(line, $"undefined variable \"{variable}\"");
    }

    private TemplateException NumberError(TemplateToken t) => Error(t.Line, $"illegal number syntax: \"{t.Text}\"");

    private object ParseNumber(TemplateToken t)
    {
        var text = t.Text.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) return h;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw NumberError(t);
    }
}
