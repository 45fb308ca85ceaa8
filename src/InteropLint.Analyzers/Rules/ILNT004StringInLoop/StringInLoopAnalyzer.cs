using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT004: a P/Invoke called once per loop iteration with a <c>string</c> argument that does not change in the loop
    /// and that the marshaller encodes and copies on every call (UTF-8/ANSI). Needs no header.
    /// </summary>
    /// <remarks>
    /// One diagnostic per argument, at the argument. It names the innermost loop (the one that repeats the call) and,
    /// through an additional location, the outermost of the enclosing loops in which the value is still invariant:
    /// invariance only grows inward, so that is where marshalling once saves the most.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StringInLoopAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the index of the string parameter.</summary>
        public const string ParameterIndexProperty = "ParameterIndex";

        /// <summary>Diagnostic property: <c>Utf8</c>, <c>Ansi</c> or <c>AutoUnix</c> (see <see cref="TextEncoding"/>).</summary>
        public const string MarshallingProperty = "Marshalling";

        /// <summary>Diagnostic property: the <see cref="InvariantKind"/> of the argument.</summary>
        public const string ValueKindProperty = "ValueKind";

        /// <summary>
        /// Diagnostic property: <c>true</c> when a buffer may be allocated before the statement at the additional
        /// location and freed after it (no deferred LINQ lambda between the call and that statement).
        /// </summary>
        public const string CanHoistProperty = "CanHoist";

        /// <summary>Diagnostic property: <c>true</c> when DllImport turns off best-fit mapping or throws on unmappable characters.</summary>
        public const string StrictAnsiProperty = "StrictAnsi";

        /// <summary>
        /// Diagnostic property: <c>true</c> when a header declares the C parameter as a pointer to non-const characters:
        /// native code may write to the buffer, which the marshaller's per-call copy made harmless and a shared buffer would not.
        /// </summary>
        public const string NativeMayWriteProperty = "NativeMayWrite";

        public const string Utf8 = "Utf8";
        public const string Ansi = "Ansi";
        public const string AutoUnix = "AutoUnix";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT004);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                // No manifest needed: everything this rule knows is in the C# code. A header, when there is one,
                // only tells whether native code promises not to write to the string (const char*).
                var types = InteropTypes.Create(start.Compilation);
                var interop = InteropContext.Create(start.Compilation, start.Options, start.CancellationToken);
                // A syntax action, not an operation action: operation actions make the driver build an operation
                // tree for every code block, attributes included (every [DllImport] of a binding), to find invocations.
                start.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, types, interop), SyntaxKind.InvocationExpression);
            });
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, InteropTypes types, InteropContext? interop)
        {
            if (!EnclosingLoops.MayEnclose(context.Node))
            {
                return; // most calls: no loop or lambda around them, nothing bound
            }

            var invocation = PInvokeMethod.InvocationAt(context, interop?.Index, TakesString);
            if (invocation is null)
            {
                return;
            }

            var method = invocation.TargetMethod;

            var pinvoke = PInvokeMethod.TryCreate(method, types.LibraryImport);
            if (pinvoke is null)
            {
                return;
            }

            List<EnclosingLoop>? loops = null;
            var model = invocation.SemanticModel;
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || argument.ArgumentKind != ArgumentKind.Explicit || parameter.Type.SpecialType != SpecialType.System_String)
                {
                    continue;
                }

                // A by-value string is copied into a fresh native buffer on every call unless it travels as UTF-16 (pinned in place).
                var info = MarshallingInfoParser.For(context.Compilation).Parameter(pinvoke, parameter);
                var marshalling = info.Kind == MarshallingKind.String && info.RefKind == RefKind.None ? info.Encoding : TextEncoding.None;
                if (marshalling != TextEncoding.Utf8
                    && marshalling != TextEncoding.Ansi
                    && marshalling != TextEncoding.Auto)
                {
                    continue;
                }

                var value = argument.Value;
                var kind = LoopInvariance.KindOf(value);
                if (kind == InvariantKind.Variant || model is null)
                {
                    continue;
                }

                loops ??= EnclosingLoops.Find(invocation);
                if (loops is null || loops.Count == 0)
                {
                    return;
                }

                var outermost = -1;
                for (var i = 0; i < loops.Count; i++)
                {
                    if (!LoopInvariance.IsInvariantIn(value, kind, loops[i].Region, model, context.CancellationToken))
                    {
                        break; // invariance only shrinks outward
                    }

                    outermost = i;
                }

                if (outermost < 0)
                {
                    continue;
                }

                var canHoist = true;
                for (var i = 0; i <= outermost; i++)
                {
                    canHoist &= !loops[i].RunsLater;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[ParameterIndexProperty] = parameter.Ordinal.ToString(CultureInfo.InvariantCulture);
                properties[MarshallingProperty] = marshalling == TextEncoding.Utf8 ? Utf8
                    : marshalling == TextEncoding.Ansi ? Ansi
                    : AutoUnix;
                properties[ValueKindProperty] = kind.ToString();
                properties[CanHoistProperty] = canHoist ? "true" : "false";
                properties[StrictAnsiProperty] = IsStrictAnsi(method) ? "true" : "false";
                var writable = NonConstCharPointer(interop, method, parameter.Ordinal);
                properties[NativeMayWriteProperty] = writable is null ? "false" : "true";

                var message = Compose(pinvoke, parameter, value, kind, marshalling, loops, outermost, writable);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ILNT004,
                    value.Syntax.GetLocation(),
                    new[] { loops[outermost].Region.GetLocation() },
                    properties.ToImmutable(),
                    message));
            }
        }

        /// <summary>A static method with a <c>string</c> parameter: the only P/Invokes whose calls this rule checks.</summary>
        private static bool TakesString(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_String)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>'char* s' (string.h:356)</c> when a header binds the P/Invoke and declares the parameter as a pointer to
        /// non-const data on some ABI; null when it is const everywhere or nothing is known.
        /// </summary>
        private static string? NonConstCharPointer(InteropContext? interop, IMethodSymbol method, int index)
        {
            if (interop?.Bind(method) is not { } bound)
            {
                return null;
            }

            var match = bound.Function;
            foreach (var found in match.Found)
            {
                var parameters = found.Declaration.Parameters;
                if (index >= parameters.Count)
                {
                    continue;
                }

                var type = parameters[index].Type;
                if (type.Kind == Manifest.CTypeKind.Pointer && type.Pointee != null && !type.Pointee.IsConst)
                {
                    return "'" + type.Spelling + " " + parameters[index].Name + "' (" + MessageText.Where(found.Declaration) + ")";
                }
            }

            return null;
        }

        private static bool IsStrictAnsi(IMethodSymbol method)
        {
            var data = method.GetDllImportData();
            return data != null && (data.BestFitMapping == false || data.ThrowOnUnmappableCharacter == true);
        }

        private static string Compose(
            PInvokeMethod pinvoke,
            IParameterSymbol parameter,
            IOperation value,
            InvariantKind kind,
            TextEncoding marshalling,
            List<EnclosingLoop> loops,
            int outermost,
            string? writableDeclaration)
        {
            var sb = new StringBuilder();
            sb.Append('\'').Append(pinvoke.Method.Name).Append("' is called on every iteration of the ").Append(loops[0].Description)
              .Append(" with the same ");
            switch (kind)
            {
                case InvariantKind.Literal:
                    sb.Append("string ").Append(Shorten(value.Syntax.ToString()));
                    break;
                case InvariantKind.Constant:
                    sb.Append("constant '").Append(Shorten(value.Syntax.ToString())).Append('\'');
                    break;
                case InvariantKind.Local:
                    sb.Append("local '").Append(value.Syntax).Append("' (not assigned in the loop)");
                    break;
                case InvariantKind.Parameter:
                    sb.Append("parameter '").Append(value.Syntax).Append("' (not assigned in the loop)");
                    break;
                default:
                    sb.Append("readonly field '").Append(value.Syntax).Append('\'');
                    break;
            }

            sb.Append(" for '").Append(parameter.Name).Append("', which the marshaller encodes ");
            sb.Append(marshalling switch
            {
                TextEncoding.Utf8 => "to UTF-8",
                TextEncoding.Ansi => "to ANSI (UTF-8 on Unix)",
                _ => "to UTF-8 on Unix (CharSet.Auto; Windows pins it as UTF-16)",
            });
            sb.Append(" into a new native buffer on every call");
            if (value.ConstantValue.HasValue && value.ConstantValue.Value is string constant)
            {
                var bytes = Encoding.UTF8.GetByteCount(constant) + 1;
                sb.Append(" (").Append(MessageText.Bytes(bytes)).Append(" with the NUL, per iteration)");
            }

            sb.Append(outermost == 0
                ? "; encode it once before the loop"
                : "; it does not change in the enclosing loops either: encode it once before the outermost " + loops[outermost].Description);
            if (marshalling == TextEncoding.Auto)
            {
                sb.Append(" (no automatic fix: a UTF-8 buffer would change what Windows receives)");
            }
            else if (writableDeclaration != null)
            {
                sb.Append(" (no automatic fix: ").Append(writableDeclaration)
                  .Append(" is not const, so native code may write to the buffer the marshaller copies afresh for every call)");
            }

            return sb.ToString();
        }

        private static string Shorten(string text) => text.Length <= 48 ? text : text.Substring(0, 45) + "...";
    }
}
