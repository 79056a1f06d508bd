namespace MetricsServer.Rules.Templates;

internal enum TemplateTokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Identifier,
    Field,
    Dot,
    Variable,
    String,
    Number,
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
}

/// <summary>
/// A lexed piece of a template. <see cref="Spaced"/> says whether white space came before it inside an action, which
/// tells <c>$x.a</c> (a field of <c>$x</c>) from <c>$x .a</c> (two arguments).
/// </summary>
internal readonly record struct TemplateToken(TemplateTokenKind Kind, string Text, int Line, bool Spaced);
