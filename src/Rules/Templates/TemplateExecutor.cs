using System.Collections;
using System.Text;

namespace MetricsServer.Rules.Templates;

/// <summary>
/// Runs parsed template nodes as Go's <c>text/template</c> does with <c>missingkey=zero</c>: fields of maps read the
/// key (absent keys read as empty), pipelines pass each value as the next command's last argument, and
/// <c>if</c>/<c>with</c>/<c>range</c> follow Go's truth (false, 0, nil, empty string, map or list are false).
/// </summary>
internal sealed class TemplateExecutor
{
    private const int MaxDepth = 100;
    private readonly string _name;
    private readonly Dictionary<string, List<TemplateNode>> _defines;
    private readonly TemplateContext _context;
    private readonly List<(string Name, object? Value)> _vars = [];
    private readonly StringBuilder _out = new();
    private int _depth;

    public TemplateExecutor(string name, Dictionary<string, List<TemplateNode>> defines, TemplateContext context)
    {
        _name = name;
        _defines = defines;
        _context = context;
    }

    private sealed class LoopSignal(bool isBreak) : Exception
    {
        public bool IsBreak { get; } = isBreak;
    }

    public string Run(List<TemplateNode> root, object? data)
    {
        _vars.Add(("$", data));
        Walk(root, data);
        return _out.ToString();
    }

    private TemplateException Error(int line, string message) =>
        new($"template: {_name}:{line}: executing \"{_name}\" at <{message}");

    private void Walk(List<TemplateNode> list, object? dot)
    {
        foreach (var node in list)
        {
            switch (node)
            {
                case TextNode t:
                    _out.Append(t.Text);
                    break;
                case ActionNode a:
                    var value = EvalPipeline(a.Pipeline, dot);
                    if (a.Pipeline.Variables.Count == 0) _out.Append(GoFormat.Print(value));
                    break;
                case BranchNode b:
                    WalkBranch(b, dot);
                    break;
                case TemplateCallNode call:
                    if (!_defines.TryGetValue(call.Name, out var body)) throw Error(call.Line, $"{call.Name}>: no such template \"{call.Name}\"");
                    if (++_depth > MaxDepth) throw Error(call.Line, $"{call.Name}>: exceeded maximum template depth ({MaxDepth})");
                    var arg = call.Pipeline is null ? null : EvalPipeline(call.Pipeline, dot);
                    var mark = _vars.Count;
                    _vars.Add(("$", arg));
                    Walk(body, arg);
                    _vars.RemoveRange(mark, _vars.Count - mark);
                    _depth--;
                    break;
                case LoopControlNode loop:
                    throw new LoopSignal(loop.IsBreak);
            }
        }
    }

    private void WalkBranch(BranchNode b, object? dot)
    {
        var mark = _vars.Count;
        try
        {
            if (b.Keyword == "range")
            {
                WalkRange(b, dot);
                return;
            }
            var value = EvalPipeline(b.Pipeline, dot);
            if (IsTrue(value)) Walk(b.List, b.Keyword == "with" ? value : dot);
            else if (b.Else is not null) Walk(b.Else, dot);
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private void WalkRange(BranchNode b, object? dot)
    {
        // The range's variables are bound per element, not to the pipeline's value.
        var pipe = b.Pipeline with { Variables = [] };
        var value = EvalPipeline(pipe, dot);
        var items = new List<(object? Key, object? Value)>();
        switch (value)
        {
            case null:
                break;
            case string:
                throw Error(b.Line, $"range>: range can't iterate over {value}");
            case IDictionary map:
                foreach (var key in map.Keys.Cast<object>().OrderBy(k => GoFormat.Print(k), StringComparer.Ordinal)) items.Add((key, map[key]));
                break;
            case IEnumerable list:
                var i = 0L;
                foreach (var item in list) items.Add((i++, item));
                break;
            case long n:
                for (var k = 0L; k < n; k++) items.Add((k, k));
                break;
            default:
                throw Error(b.Line, $"range>: range can't iterate over {GoFormat.Print(value)}");
        }
        if (items.Count == 0)
        {
            if (b.Else is not null) Walk(b.Else, dot);
            return;
        }
        var mark = _vars.Count;
        foreach (var (key, item) in items)
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
            if (b.Pipeline.Variables.Count == 1) _vars.Add((b.Pipeline.Variables[0], item));
            else if (b.Pipeline.Variables.Count == 2)
            {
                _vars.Add((b.Pipeline.Variables[0], key));
                _vars.Add((b.Pipeline.Variables[1], item));
            }
            try
            {
                Walk(b.List, item);
            }
            catch (LoopSignal signal)
            {
                if (signal.IsBreak) break;
            }
        }
    }

    /// <summary>Go's truth of a value.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        long l => l != 0,
        int n => n != 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    private object? EvalPipeline(PipelineNode pipe, object? dot)
    {
        object? value = null;
        var first = true;
        foreach (var command in pipe.Commands)
        {
            value = EvalCommand(pipe.Line, command, dot, first ? Missing.Value : value);
            first = false;
        }
        foreach (var v in pipe.Variables)
        {
            if (pipe.IsAssign) SetVariable(v, value);
            else _vars.Add((v, value));
        }
        return value;
    }

    /// <summary>Marks "no value piped in", distinct from a piped nil.</summary>
    private sealed class Missing
    {
        public static readonly Missing Value = new();
    }

    private object? EvalCommand(int line, CommandNode command, object? dot, object? piped)
    {
        var head = command.Args[0];
        if (head is IdentifierNode fn)
        {
            var args = new List<object?>(command.Args.Count);
            for (var i = 1; i < command.Args.Count; i++) args.Add(EvalOperand(line, command.Args[i], dot));
            if (piped is not Missing) args.Add(piped);
            try
            {
                return TemplateFunctions.Call(fn.Name, args, _context);
            }
            catch (TemplateException e)
            {
                throw Error(line, $"{fn.Name}>: error calling {fn.Name}: {e.Message}");
            }
        }
        if (command.Args.Count > 1 || piped is not Missing)
        {
            throw Error(line, $"{Describe(head)}>: can't give argument to non-function {Describe(head)}");
        }
        return EvalOperand(line, head, dot);
    }

    private static string Describe(OperandNode node) => node switch
    {
        DotNode => ".",
        FieldNode f => "." + string.Join('.', f.Fields),
        VariableNode v => v.Name + string.Concat(v.Fields.Select(f => "." + f)),
        LiteralNode l => GoFormat.Print(l.Value),
        _ => "pipeline",
    };

    private object? EvalOperand(int line, OperandNode node, object? dot) => node switch
    {
        DotNode => dot,
        NilNode => null,
        LiteralNode l => l.Value,
        FieldNode f => Fields(line, dot, f.Fields),
        VariableNode v => Fields(line, Variable(line, v.Name), v.Fields),
        SubPipelineNode p => Fields(line, EvalPipeline(p.Pipeline, dot), p.Fields),
        IdentifierNode fn => TemplateFunctions.Call(fn.Name, [], _context),
        _ => null,
    };

    private object? Variable(int line, string name)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name) return _vars[i].Value;
        }
        throw Error(line, $"{name}>: undefined variable: {name}");
    }

    private void SetVariable(string name, object? value)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name != name) continue;
            _vars[i] = (name, value);
            return;
        }
    }

    private object? Fields(int line, object? value, List<string> fields)
    {
        foreach (var field in fields)
        {
            value = value switch
            {
                IReadOnlyDictionary<string, string> labels => labels.TryGetValue(field, out var s) ? s : "",
                IReadOnlyDictionary<string, object?> map => map.TryGetValue(field, out var o) ? o : null,
                null => throw Error(line, $".{field}>: nil pointer evaluating interface {{}}.{field}"),
                _ => throw Error(line, $".{field}>: can't evaluate field {field} in type {GoFormat.Print(value)}"),
            };
        }
        return value;
    }
}
