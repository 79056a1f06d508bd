namespace MetricsServer.Rules.Templates;

/// <summary>A node of a parsed template: text, an action, or a control structure. Line is 1-based.</summary>
internal abstract record TemplateNode(int Line);

internal sealed record TextNode(int Line, string Text) : TemplateNode(Line);

/// <summary><c>{{ pipeline }}</c>: the pipeline's value is printed unless it declares variables.</summary>
internal sealed record ActionNode(int Line, PipelineNode Pipeline) : TemplateNode(Line);

/// <summary><c>if</c>, <c>range</c> and <c>with</c>: a pipeline, the list run when it holds, and the <c>else</c> list.</summary>
internal sealed record BranchNode(int Line, string Keyword, PipelineNode Pipeline, List<TemplateNode> List, List<TemplateNode>? Else) : TemplateNode(Line);

/// <summary><c>{{ template "name" pipeline }}</c>.</summary>
internal sealed record TemplateCallNode(int Line, string Name, PipelineNode? Pipeline) : TemplateNode(Line);

/// <summary><c>{{ break }}</c> or <c>{{ continue }}</c> inside a <c>range</c>.</summary>
internal sealed record LoopControlNode(int Line, bool IsBreak) : TemplateNode(Line);

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record PipelineNode(int Line, List<string> Variables, bool IsAssign, List<CommandNode> Commands);

/// <summary>One command: a function name with arguments, or a single operand.</summary>
internal sealed record CommandNode(List<OperandNode> Args);

/// <summary>An argument or the head of a command.</summary>
internal abstract record OperandNode;

internal sealed record DotNode : OperandNode;

internal sealed record NilNode : OperandNode;

/// <summary><c>.A.B</c>: fields of dot.</summary>
internal sealed record FieldNode(List<string> Fields) : OperandNode;

/// <summary><c>$x.A.B</c>: a variable and the fields read from it.</summary>
internal sealed record VariableNode(string Name, List<string> Fields) : OperandNode;

/// <summary>A function name.</summary>
internal sealed record IdentifierNode(string Name) : OperandNode;

/// <summary>A string, number or boolean constant.</summary>
internal sealed record LiteralNode(object Value) : OperandNode;

/// <summary><c>(pipeline).A.B</c>.</summary>
internal sealed record SubPipelineNode(PipelineNode Pipeline, List<string> Fields) : OperandNode;
