using System.Reflection.Metadata;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The calling convention on each side, as <c>cdecl</c>/<c>stdcall</c>/<c>fastcall</c>/<c>thiscall</c>: what the header
    /// declares, what a P/Invoke is called with and what a callback is called with on Windows x86 (the one ABI with several).
    /// The one place every rule asks (ILNT005 for P/Invokes and callbacks, ILNT011 for variadic functions).
    /// </summary>
    internal static class CallingConventions
    {
        /// <summary>The C function's convention; a function the header gives none is cdecl.</summary>
        public static string Native(FunctionDecl function) => Native(function.CallingConvention);

        /// <summary>The convention of a C function type (a callback's), as the manifest records it (<c>c</c>, <c>stdcall</c>…).</summary>
        public static string Native(string? recorded) =>
            recorded == "stdcall" ? "stdcall"
            : recorded == "c" || string.IsNullOrEmpty(recorded) ? "cdecl"
            : recorded!;

        /// <summary>
        /// How the runtime calls the P/Invoke on win-x86, and <paramref name="how"/> the code says so; null when not known.
        /// DllImport: its <c>CallingConvention</c> (default Winapi, stdcall there); LibraryImport: <c>[UnmanagedCallConv]</c>,
        /// else the platform default (stdcall there).
        /// </summary>
        public static string? OfPInvoke(PInvokeMethod pinvoke, InteropTypes types, out string how)
        {
            if (!pinvoke.IsLibraryImport)
            {
                switch (pinvoke.Method.GetDllImportData()?.CallingConvention)
                {
                    case System.Runtime.InteropServices.CallingConvention.Cdecl:
                        how = "CallingConvention.Cdecl";
                        return "cdecl";
                    case System.Runtime.InteropServices.CallingConvention.StdCall:
                        how = "CallingConvention.StdCall";
                        return "stdcall";
                    case System.Runtime.InteropServices.CallingConvention.Winapi:
                    case null:
                        how = "DllImport's default, Winapi";
                        return "stdcall";
                    default:
                        how = "";
                        return null;
                }
            }

            foreach (var attribute in pinvoke.Method.GetAttributes())
            {
                if (types.UnmanagedCallConv is null || !SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.UnmanagedCallConv))
                {
                    continue;
                }

                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key != "CallConvs" || named.Value.Kind != TypedConstantKind.Array)
                    {
                        continue;
                    }

                    foreach (var value in named.Value.Values)
                    {
                        var convention = value.Value is ITypeSymbol t ? OfCallConvType(t, types) : null;
                        if (convention == "cdecl" || convention == "stdcall")
                        {
                            how = "[UnmanagedCallConv] CallConv" + (convention == "cdecl" ? "Cdecl" : "Stdcall");
                            return convention;
                        }
                    }
                }
            }

            how = "LibraryImport's platform default";
            return "stdcall";
        }

        /// <summary>How the runtime calls a callback (a delegate or a <c>delegate* unmanaged</c>) on win-x86; null when not known.</summary>
        public static string? OfCallback(ITypeSymbol type, IMethodSymbol signature, InteropTypes types)
        {
            if (type is IFunctionPointerTypeSymbol)
            {
                switch (signature.CallingConvention)
                {
                    case SignatureCallingConvention.CDecl:
                        return "cdecl";
                    case SignatureCallingConvention.StdCall:
                        return "stdcall";
                    case SignatureCallingConvention.FastCall:
                        return "fastcall";
                    case SignatureCallingConvention.ThisCall:
                        return "thiscall";
                    case SignatureCallingConvention.Unmanaged:
                        foreach (var t in signature.UnmanagedCallingConventionTypes)
                        {
                            var convention = OfCallConvType(t, types);
                            if (convention != null)
                            {
                                return convention;
                            }
                        }

                        return "stdcall"; // the platform default on Windows x86
                    default:
                        return null;
                }
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (types.UnmanagedFunctionPointer != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.UnmanagedFunctionPointer)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
                {
                    return value switch
                    {
                        2 => "cdecl",
                        3 => "stdcall",
                        4 => "thiscall",
                        5 => "fastcall",
                        _ => "stdcall", // Winapi
                    };
                }
            }

            return "stdcall"; // a delegate without the attribute is marshalled as Winapi: stdcall on x86
        }

        /// <summary>The convention a <c>System.Runtime.CompilerServices.CallConv*</c> type names; null for others (CallConvSuppressGCTransition…).</summary>
        private static string? OfCallConvType(ITypeSymbol type, InteropTypes types) =>
            Is(type, types.CallConvCdecl) ? "cdecl"
            : Is(type, types.CallConvStdcall) ? "stdcall"
            : Is(type, types.CallConvFastcall) ? "fastcall"
            : Is(type, types.CallConvThiscall) ? "thiscall"
            : null;

        private static bool Is(ITypeSymbol type, INamedTypeSymbol? wellKnown) =>
            wellKnown != null && SymbolEqualityComparer.Default.Equals(type, wellKnown);
    }
}
