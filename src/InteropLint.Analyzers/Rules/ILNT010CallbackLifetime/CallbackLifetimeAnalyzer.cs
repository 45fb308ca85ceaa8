using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT010: a delegate made for one call (lambda, method group, <c>new D(…)</c>, or a local holding one) passed to a
    /// native function that keeps the callback after it returns. Nothing roots the delegate, the GC collects it, and
    /// native code later calls a freed thunk.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallbackLifetimeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: <c>1</c> when the delegate captures nothing, so a <c>static readonly</c> field can hold it.</summary>
        public const string CapturesNothingProperty = "CapturesNothing";

        /// <summary>Diagnostic property: a name for the field that keeps it alive.</summary>
        public const string FieldNameProperty = "FieldName";

        /// <summary>Diagnostic property: <c>local</c> when the argument is a local holding the delegate (no fix: its other uses would need to change).</summary>
        public const string ShapeProperty = "Shape";

        /// <summary>Diagnostic property: the delegate type, fully qualified, for the field.</summary>
        public const string DelegateTypeProperty = "DelegateType";

        /// <summary>Words in a C function name that say it registers a callback for later.</summary>
        private static readonly string[] RegistrationWords = { "set", "register", "add", "install", "handler", "hook", "callback", "create" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ILNT010);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // A syntax action: operation actions would make the driver build operations for every code block and attribute.
            InteropContext.RegisterStartAction(context, (start, interop) => start.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, interop), SyntaxKind.InvocationExpression));
        }

        /// <summary>A delegate parameter: the only P/Invokes whose calls this rule checks.</summary>
        private static bool TakesDelegate(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.TypeKind == TypeKind.Delegate)
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, InteropContext interop)
        {
            var invocation = PInvokeMethod.InvocationAt(context, interop.Index, TakesDelegate);
            if (invocation is null || interop.Bind(invocation.TargetMethod) is not { } bound)
            {
                return;
            }

            var pinvoke = bound.PInvoke;
            var match = bound.Function;
            var declaration = match.First;
            var userRetaining = context.Options.GetRetainingFunctions(invocation.Syntax.SyntaxTree);
            var why = RetainingReason(declaration, userRetaining, match.Found);
            if (why is null)
            {
                return;
            }

            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || parameter.Type.TypeKind != TypeKind.Delegate || parameter.Ordinal >= declaration.Parameters.Count
                    || !IsFunctionPointer(declaration.Parameters[parameter.Ordinal].Type))
                {
                    continue;
                }

                var value = Strip(argument.Value);
                string shape;
                var capturesNothing = false;
                switch (value)
                {
                    case IDelegateCreationOperation creation:
                        shape = creation.Target is IAnonymousFunctionOperation ? "lambda" : creation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax ? "new" : "method group";
                        capturesNothing = CapturesNothing(creation);
                        break;
                    case ILocalReferenceOperation local when IsOnlyLocal(local.Local, invocation, interop.Types):
                        shape = "local";
                        break;
                    default:
                        continue; // a field, property, parameter or call result: someone else may keep it alive
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[ShapeProperty] = shape == "local" ? "local" : "created";
                properties[CapturesNothingProperty] = capturesNothing ? "1" : "0";
                properties[FieldNameProperty] = FieldName(invocation.TargetMethod.Name, parameter.Name);
                properties[DelegateTypeProperty] = parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                var message = Compose(declaration, parameter.Name, shape, why, match);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ILNT010, argument.Syntax.GetLocation(), properties.ToImmutable(), message));
            }
        }

        /// <summary>Why we believe the C function keeps the callback, or null when we believe it calls it only during the call.</summary>
        internal static string? RetainingReason(FunctionDecl declaration, IReadOnlyCollection<string> userRetaining, IReadOnlyList<AbiDeclaration<FunctionDecl>>? found = null)
        {
            if (userRetaining.Contains(declaration.Name))
            {
                return "interoplint.retaining_functions";
            }

            var judged = found is null ? null : CallbackFacts.Find(declaration.Name, found);
            if (judged != null)
            {
                return judged.Keeps ? CallbackFacts.Describe(judged) : null; // the header's evidence decides, either way
            }

            // No evidence in the header: the function's name and a user-data pointer are all there is to go on.

            var hasUserData = declaration.Parameters.Any(p => p.Type.Kind == CTypeKind.Pointer && p.Type.Pointee?.Kind == CTypeKind.Void);
            if (!hasUserData)
            {
                return null;
            }

            foreach (var word in Words(declaration.Name))
            {
                foreach (var registration in RegistrationWords)
                {
                    if (string.Equals(word, registration, StringComparison.OrdinalIgnoreCase))
                    {
                        return "from its name only: a callback with a user-data pointer in a '" + registration + "' function";
                    }
                }
            }

            return null;
        }

        /// <summary><c>demo_set_logger</c> → demo, set, logger; <c>SetLogCallback</c> → Set, Log, Callback.</summary>
        private static IEnumerable<string> Words(string name)
        {
            var start = 0;
            for (var i = 1; i <= name.Length; i++)
            {
                if (i == name.Length || name[i] == '_' || (char.IsUpper(name[i]) && char.IsLower(name[i - 1])))
                {
                    if (i > start)
                    {
                        yield return name.Substring(start, i - start).Trim('_');
                    }

                    start = i < name.Length && name[i] == '_' ? i + 1 : i;
                }
            }
        }

        private static bool IsFunctionPointer(CType type) =>
            type.Kind == CTypeKind.Pointer && type.Pointee?.Kind == CTypeKind.Function;

        private static IOperation Strip(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>A static method group, or a lambda that reads no local, parameter or <c>this</c> from outside itself.</summary>
        private static bool CapturesNothing(IDelegateCreationOperation creation)
        {
            switch (creation.Target)
            {
                case IMethodReferenceOperation reference:
                    return reference.Method.IsStatic;
                case IAnonymousFunctionOperation lambda:
                    foreach (var operation in lambda.Body.Descendants())
                    {
                        switch (operation)
                        {
                            case IInstanceReferenceOperation _:
                                return false;
                            case ILocalReferenceOperation local when !IsDeclaredInside(local.Local, lambda):
                                return false;
                            case IParameterReferenceOperation parameter when !IsDeclaredInside(parameter.Parameter, lambda):
                                return false;
                            case IMemberReferenceOperation member when member.Instance is null && !member.Member.IsStatic:
                                return false;
                            case IInvocationOperation call when call.Instance is IInstanceReferenceOperation:
                                return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool IsDeclaredInside(ISymbol symbol, IAnonymousFunctionOperation lambda)
        {
            for (var s = symbol.ContainingSymbol; s != null; s = s.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(s, lambda.Symbol))
                {
                    return true;
                }

                if (s is IMethodSymbol m && m.MethodKind != MethodKind.AnonymousFunction && m.MethodKind != MethodKind.LocalFunction)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The local holds a delegate made in this method and is never stored anywhere that outlives it.</summary>
        private static bool IsOnlyLocal(ILocalSymbol local, IInvocationOperation call, InteropTypes types)
        {
            var root = call as IOperation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            var madeHere = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        madeHere |= declarator.Initializer != null && Strip(declarator.Initializer.Value) is IDelegateCreationOperation;
                        break;
                    case ISimpleAssignmentOperation assignment when Strip(assignment.Value) is ILocalReferenceOperation read && SymbolEqualityComparer.Default.Equals(read.Local, local)
                        && assignment.Target is not ILocalReferenceOperation:
                        return false; // stored in a field, property or array: kept alive there
                    case IInvocationOperation other when other.TargetMethod.Name == "Alloc" && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, types.GCHandle)
                        && other.Arguments.Length > 0 && Strip(other.Arguments[0].Value) is ILocalReferenceOperation held && SymbolEqualityComparer.Default.Equals(held.Local, local):
                        return false; // rooted by a GC handle
                }
            }

            return madeHere;
        }

        private static string FieldName(string method, string parameter)
        {
            var sb = new StringBuilder("s_");
            var upper = false;
            foreach (var c in method + "_" + parameter)
            {
                if (c == '_')
                {
                    upper = sb.Length > 2;
                    continue;
                }

                sb.Append(upper ? char.ToUpperInvariant(c) : sb.Length == 2 ? char.ToLowerInvariant(c) : c);
                upper = false;
            }

            return sb.ToString();
        }

        private static string Compose(FunctionDecl declaration, string parameter, string shape, string why, NativeMatch<FunctionDecl> match)
        {
            var sb = new StringBuilder();
            sb.Append("the delegate passed as '").Append(parameter).Append("' to '").Append(declaration.Name).Append("' is ")
              .Append(shape == "local" ? "held only by a local" : "created for this call (" + shape + ")")
              .Append(", but '").Append(declaration.Name).Append("' keeps the callback after it returns (")
              .Append(MessageText.Where(declaration)).Append(": ").Append(why)
              .Append("): nothing keeps the delegate alive, and native code calls a collected delegate; store it in a static field or pass an [UnmanagedCallersOnly] function pointer");
            sb.Append(MessageText.NotChecked(match.NotChecked));
            return sb.ToString();
        }
    }
}
