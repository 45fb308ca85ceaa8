using System;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>The one place that creates <see cref="DiagnosticDescriptor"/>s.</summary>
    internal static class Descriptors
    {
        internal const string HelpLinkBase = "https://github.com/InteropLint/InteropLint/blob/main/docs/rules/";

        internal static class Categories
        {
            public const string Interop = "Interoperability";
            public const string Reliability = "Reliability";
            public const string Performance = "Performance";
            public const string Tool = "InteropLint";
        }

        // Messages are composed by the analyzers (they name the C declaration, the header line and the ABIs),
        // so most formats are a single placeholder.
        internal static readonly DiagnosticDescriptor ILNT001 = Create(
            RuleIdentifiers.ILNT001IntegerWidth,
            "Integer width differs from the C declaration",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "A C# integer or pointer-sized type whose width differs from the C type on some target ABI truncates values or corrupts the stack there. C 'long' is 8 bytes on Linux and macOS and 4 on Windows; 'size_t' is pointer-sized.");

        internal static readonly DiagnosticDescriptor ILNT002 = Create(
            RuleIdentifiers.ILNT002AllocationLifetime,
            "Native allocation is not freed on every path",
            "{0}",
            Categories.Reliability,
            DiagnosticSeverity.Warning,
            "Native memory, GC handles and caller-owned results of native functions must reach their matching free on every path, including exception paths.");

        internal static readonly DiagnosticDescriptor ILNT003 = Create(
            RuleIdentifiers.ILNT003StructLayout,
            "Struct layout differs from the C declaration",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "A struct passed to native code must have the C layout on every target ABI: the same field offsets and sizes and the same total size.");

        internal static readonly DiagnosticDescriptor ILNT004 = Create(
            RuleIdentifiers.ILNT004StringInLoop,
            "Loop-invariant string is marshalled on every iteration",
            "{0}",
            Categories.Performance,
            DiagnosticSeverity.Info,
            "A string argument marshalled as UTF-8 or ANSI is allocated, encoded and copied on every call; when it does not change inside a loop, marshal it once before the loop.");

        internal static readonly DiagnosticDescriptor ILNT005 = Create(
            RuleIdentifiers.ILNT005SignatureMismatch,
            "P/Invoke signature differs from the C prototype",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "The parameter count, floating-point widths, by-value versus pointer parameters and return kind must match the C prototype, or the call reads garbage or corrupts the stack.");

        internal static readonly DiagnosticDescriptor ILNT006 = Create(
            RuleIdentifiers.ILNT006EntryPoint,
            "Entry point is not declared by the library's headers",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "An entry point that the headers do not declare is a typo, a removed API or a macro; the call fails at run time with EntryPointNotFoundException.");

        internal static readonly DiagnosticDescriptor ILNT007 = Create(
            RuleIdentifiers.ILNT007BorrowedString,
            "Borrowed native string is freed by the marshaller",
            "{0}",
            Categories.Reliability,
            DiagnosticSeverity.Warning,
            "A 'string' return value is freed by the runtime with CoTaskMemFree (free() on Unix). When C returns memory it still owns, or memory from another allocator, that corrupts the heap.");

        internal static readonly DiagnosticDescriptor ILNT008 = Create(
            RuleIdentifiers.ILNT008BoolWidth,
            "bool width differs from the C declaration",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "DllImport marshals C# bool as the 4-byte Win32 BOOL by default; C bool is 1 byte.");

        internal static readonly DiagnosticDescriptor ILNT009 = Create(
            RuleIdentifiers.ILNT009CharWidth,
            "Character width or charset differs from the C declaration",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "wchar_t is 2 bytes on Windows and 4 on Unix; CharSet.Unicode always marshals UTF-16, which is wrong for char* and for wchar_t on Unix.");

        internal static readonly DiagnosticDescriptor ILNT010 = Create(
            RuleIdentifiers.ILNT010CallbackLifetime,
            "Callback delegate may be collected while native code holds it",
            "{0}",
            Categories.Reliability,
            DiagnosticSeverity.Warning,
            "A delegate passed to a native function that stores it must be kept alive for as long as native code may call it.");

        internal static readonly DiagnosticDescriptor ILNT011 = Create(
            RuleIdentifiers.ILNT011Variadic,
            "P/Invoke to a variadic C function",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "Variadic arguments are passed differently from fixed ones on some ABIs (Apple arm64 passes them on the stack); a fixed-arity P/Invoke to a variadic function reads garbage there.");

        internal static readonly DiagnosticDescriptor ILNT012 = Create(
            RuleIdentifiers.ILNT012EnumSize,
            "Enum size differs from the C enum",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "The C# enum's underlying type must have the size of the C enum on every target ABI.");

        internal static readonly DiagnosticDescriptor ILNT013 = Create(
            RuleIdentifiers.ILNT013ConstantDrift,
            "Constant differs from the header",
            "{0}",
            Categories.Interop,
            DiagnosticSeverity.Warning,
            "A C# constant or enum member that mirrors a header #define or enumerator must have the header's value.");

        internal static readonly DiagnosticDescriptor ILNT900 = Create(
            RuleIdentifiers.ILNT900HeaderDidNotParse,
            "Header did not parse",
            "{0}",
            Categories.Tool,
            DiagnosticSeverity.Warning,
            "clang reported errors in a header named by InteropLintHeader; declarations after the error may be missing and are not checked.");

        internal static readonly DiagnosticDescriptor ILNT901 = Create(
            RuleIdentifiers.ILNT901LibclangNotFound,
            "libclang not found",
            "{0}",
            Categories.Tool,
            DiagnosticSeverity.Warning,
            "InteropLint's scanner needs libclang to read the headers; nothing was checked against them.");

        internal static readonly DiagnosticDescriptor ILNT902 = Create(
            RuleIdentifiers.ILNT902ManifestUnreadable,
            "Native manifest could not be produced or read",
            "{0}",
            Categories.Tool,
            DiagnosticSeverity.Warning,
            "The scanner failed, timed out, or wrote a manifest this version cannot read; nothing was checked against the headers.");

        internal static readonly DiagnosticDescriptor ILNT903 = Create(
            RuleIdentifiers.ILNT903ManifestOutOfDate,
            "Committed native manifest is out of date",
            "{0}",
            Categories.Tool,
            DiagnosticSeverity.Warning,
            "A committed manifest was scanned from headers (or files they include) whose content has changed, or a new file now comes first on their include search; refresh it so the checks see the current declarations.");

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLinkBase + id + ".md",
                // ILNT900 is reported where the header says, once the compilation is done; the other tool diagnostics are
                // reported at a P/Invoke, where an editor shows them
                customTags: id == RuleIdentifiers.ILNT900HeaderDidNotParse ? new[] { WellKnownDiagnosticTags.CompilationEnd } : Array.Empty<string>());
    }
}
