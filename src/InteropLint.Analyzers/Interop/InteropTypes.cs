using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers.Infrastructure
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

        /// <summary>C# 9's <c>nint</c>/<c>nuint</c> keywords.</summary>
        public bool HasNativeIntegerKeywords =>
            Compilation is Microsoft.CodeAnalysis.CSharp.CSharpCompilation c
            && c.LanguageVersion >= Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp9;

        /// <summary>The interop types of a compilation, looked up once for every analyzer that asks (each lookup searches every reference).</summary>
        public static InteropTypes Create(Compilation compilation) => PerCompilation.GetValue(compilation, c => new InteropTypes(c));

        /// <summary>Whether this compilation has the type a portable suggestion names (CLong/CULong need .NET 6).</summary>
        public bool Has(PortableType portable) => !portable.IsCLongFamily || (CLong != null && CULong != null);

        /// <summary>
        /// How a fix writes <paramref name="portable"/> in this compilation: <c>nint</c>/<c>nuint</c> become
        /// <c>System.IntPtr</c>/<c>System.UIntPtr</c> before C# 9; null when the type does not exist here.
        /// </summary>
        public string? Spell(PortableType portable)
        {
            if (!Has(portable))
            {
                return null;
            }

            if (portable.IsNativeInteger && !HasNativeIntegerKeywords)
            {
                return portable.Name == "nint" ? "System.IntPtr" : "System.UIntPtr";
            }

            return portable.Name;
        }

        public bool IsCLong(ITypeSymbol type) => CLong != null && SymbolEqualityComparer.Default.Equals(type, CLong);

        public bool IsCULong(ITypeSymbol type) => CULong != null && SymbolEqualityComparer.Default.Equals(type, CULong);
    }
}
