using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InteropLint.Analyzers
{
    /// <summary>The interop types a compilation has (or lacks), looked up once per compilation.</summary>
    internal sealed class InteropTypes
    {
        private static readonly ConditionalWeakTable<Compilation, InteropTypes> PerCompilation = new ConditionalWeakTable<Compilation, InteropTypes>();

        private InteropTypes(Compilation compilation)
        {
            Compilation = compilation;
            LibraryImport = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            MarshalAs = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.MarshalAsAttribute");
            StructLayout = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.StructLayoutAttribute");
            FieldOffset = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.FieldOffsetAttribute");
            CLong = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.CLong");
            CULong = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.CULong");
            SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            Marshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            NativeMemory = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeMemory");
            GCHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.GCHandle");
            GeneratedCode = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
            InlineArray = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.InlineArrayAttribute");
            UnmanagedCallConv = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.UnmanagedCallConvAttribute");
            UnmanagedFunctionPointer = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.UnmanagedFunctionPointerAttribute");
            CallConvCdecl = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.CallConvCdecl");
            CallConvStdcall = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.CallConvStdcall");
            CallConvFastcall = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.CallConvFastcall");
            CallConvThiscall = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.CallConvThiscall");
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? LibraryImport { get; }

        public INamedTypeSymbol? MarshalAs { get; }

        public INamedTypeSymbol? StructLayout { get; }

        public INamedTypeSymbol? FieldOffset { get; }

        /// <summary>Null before .NET 6: fixes must then not introduce it.</summary>
        public INamedTypeSymbol? CLong { get; }

        public INamedTypeSymbol? CULong { get; }

        public INamedTypeSymbol? SafeHandle { get; }

        public INamedTypeSymbol? Marshal { get; }

        public INamedTypeSymbol? NativeMemory { get; }

        public INamedTypeSymbol? GCHandle { get; }

        public INamedTypeSymbol? GeneratedCode { get; }

        /// <summary>.NET 8's <c>[InlineArray(n)]</c>; null on older frameworks, where no struct can carry it.</summary>
        public INamedTypeSymbol? InlineArray { get; }

        public INamedTypeSymbol? UnmanagedCallConv { get; }

        public INamedTypeSymbol? UnmanagedFunctionPointer { get; }

        public INamedTypeSymbol? CallConvCdecl { get; }

        public INamedTypeSymbol? CallConvStdcall { get; }

        public INamedTypeSymbol? CallConvFastcall { get; }

        public INamedTypeSymbol? CallConvThiscall { get; }

        /// <summary>C# 9's <c>nint</c>/<c>nuint</c> keywords.</summary>
        public bool HasNativeIntegerKeywords =>
            Compilation is Microsoft.CodeAnalysis.CSharp.CSharpCompilation c
            && c.LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9;

        /// <summary>
        /// Another target framework of the same project that has no CLong/CULong (<c>netstandard2.0</c> next to
        /// <c>net8.0</c>), from <c>build_property.InteropLintTargetFrameworks</c>; null when every one has them or it is not known.
        /// A fix is applied to the project's one source, so it must compile for every framework, not only this one.
        /// </summary>
        public string? FrameworkWithoutCLong { get; private set; }

        /// <summary>The interop types of a compilation, looked up once for every analyzer that asks (each lookup searches every reference).</summary>
        public static InteropTypes Create(Compilation compilation) => PerCompilation.GetValue(compilation, c => new InteropTypes(c));

        /// <summary>The same, knowing the project's other target frameworks (what a fix must also compile for).</summary>
        public static InteropTypes Create(Compilation compilation, AnalyzerOptions options)
        {
            var types = Create(compilation);
            if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(TargetFrameworksKey, out var frameworks))
            {
                types.FrameworkWithoutCLong = TargetFrameworks.FirstWithoutCLong(frameworks);
            }

            return types;
        }

        /// <summary>The project's TargetFrameworks, ','-separated, as the package makes them visible to the analyzers (InteropLint.props).</summary>
        public const string TargetFrameworksKey = "build_property.InteropLintTargetFrameworks";

        /// <summary>Why a CLong-family type cannot be written by a fix here, for a message ("; …: declare one P/Invoke per OS").</summary>
        public string MissingReason(PortableInteger portable) =>
            CLong != null && CULong != null && FrameworkWithoutCLong != null
                ? portable.Name + " would not compile for " + FrameworkWithoutCLong + ", another target framework of this project"
                : portable.Name + " is not available in this compilation (it needs .NET 6 or later)";

        public bool IsCLong(ITypeSymbol type) => CLong != null && SymbolEqualityComparer.Default.Equals(type, CLong);

        public bool IsCULong(ITypeSymbol type) => CULong != null && SymbolEqualityComparer.Default.Equals(type, CULong);
    }
}
