using InteropLint.Manifest;

namespace InteropLint.Tests.Infrastructure;

/// <summary>
/// A C function described once, its types per target (<see cref="CTypeOn"/>): <see cref="On"/> gives its declaration on
/// one ABI, with that ABI's widths. A test sets the header facts the inference reads (file, attributes, doc comment).
/// </summary>
public sealed class TestFunction
{
    public TestFunction(string name, CTypeOn returns, params (string Name, CTypeOn Type)[] parameters)
    {
        Name = name;
        Returns = returns;
        Parameters = parameters;
    }

    public string Name { get; }

    public CTypeOn Returns { get; }

    public IReadOnlyList<(string Name, CTypeOn Type)> Parameters { get; }

    /// <summary>The header that declares it; empty: the manifest's own header.</summary>
    public string File { get; set; } = "";

    public int Line { get; set; }

    public IReadOnlyList<string> Attributes { get; set; } = Array.Empty<string>();

    public string DocComment { get; set; } = "";

    public FunctionDecl On(string target) => new()
    {
        Name = Name,
        File = File,
        Line = Line,
        Return = Returns(target),
        Parameters = Parameters.Select(p => new ParameterDecl { Name = p.Name, Type = p.Type(target) }).ToList(),
        Attributes = Attributes,
        DocComment = DocComment,
    };
}
