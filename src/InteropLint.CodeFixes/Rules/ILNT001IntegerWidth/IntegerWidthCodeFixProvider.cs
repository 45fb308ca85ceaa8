using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InteropLint.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InteropLint.CodeFixes
{
    /// <summary>
    /// ILNT001: gives the parameter or return the C# type that has the C width on every ABI
    /// (<c>CULong</c>, <c>nuint</c>, an exact width) and adapts every call site with the minimal
    /// conversion. No fix is offered when a call site cannot be adapted safely.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IntegerWidthCodeFixProvider))]
    [Shared]
    public sealed class IntegerWidthCodeFixProvider : RuleCodeFixProvider
    {
        public IntegerWidthCodeFixProvider()
            : base(RuleIdentifiers.ILNT001IntegerWidth)
        {
        }

        internal const string EquivalenceKey = RuleIdentifiers.ILNT001IntegerWidth;

        public override FixAllProvider GetFixAllProvider() => IntegerWidthFixAllProvider.Instance;

        private protected override async Task RegisterFixesAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!TryReadRequest(diagnostic, out var request))
            {
                return;
            }

            var typeNode = FindTypeNode(root, diagnostic.Location.SourceSpan);
            if (typeNode is null)
            {
                return;
            }

            // Only offer what can be done: plan on the current solution first.
            var fixedSolution = await IntegerWidthRewriter.TryApplyAsync(context.Document.Project.Solution, context.Document.Id, typeNode, request, context.CancellationToken).ConfigureAwait(false);
            if (fixedSolution is null)
            {
                return;
            }

            var title = "Use '" + ShortName(request.Replacement) + "' (right on every ABI checked)";
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
        }

        internal static bool TryReadRequest(Diagnostic diagnostic, out WidthFixRequest request)
        {
            request = default;
            if (!diagnostic.Properties.TryGetValue(IntegerWidthAnalyzer.ReplacementProperty, out var replacement) || string.IsNullOrEmpty(replacement)
                || !diagnostic.TryGetSlot(out var slot)
                || !diagnostic.Properties.TryGetInteger(IntegerWidthAnalyzer.DepthProperty, out var depth))
            {
                return false;
            }

            request = new WidthFixRequest(slot, depth, replacement!);
            return true;
        }

        internal static TypeSyntax? FindTypeNode(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            if (!root.FullSpan.Contains(span))
            {
                return null;
            }

            return root.FindNode(span, getInnermostNodeForTie: false)
                .DescendantNodesAndSelf()
                .OfType<TypeSyntax>()
                .FirstOrDefault(n => n.Span == span);
        }

        private static string ShortName(string typeName)
        {
            var dot = typeName.LastIndexOf('.');
            return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
        }
    }

    /// <summary>What the analyzer asked for: which slot, how deep, which type.</summary>
    internal readonly struct WidthFixRequest
    {
        public WidthFixRequest(int slot, int depth, string replacement)
        {
            Slot = slot;
            Depth = depth;
            Replacement = replacement;
        }

        public int Slot { get; }

        public int Depth { get; }

        public string Replacement { get; }

        public string Encode() => Slot.ToString(CultureInfo.InvariantCulture) + "|" + Depth.ToString(CultureInfo.InvariantCulture) + "|" + Replacement;

        public static bool TryDecode(string? data, out WidthFixRequest request)
        {
            request = default;
            var parts = (data ?? "").Split('|');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var slot)
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth))
            {
                return false;
            }

            request = new WidthFixRequest(slot, depth, parts[2]);
            return true;
        }
    }
}
