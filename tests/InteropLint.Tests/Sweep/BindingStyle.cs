namespace InteropLint.Tests.Sweep;

/// <summary>How the generated binding is written: the styles real bindings use.</summary>
public enum BindingStyle
{
    /// <summary>DllImport, blittable only: typed pointers to the generated structs, <c>byte*</c> strings, <c>delegate* unmanaged[Cdecl]</c> callbacks, <c>byte</c> for C bool.</summary>
    TypedPointers,

    /// <summary>DllImport the classic way: every pointer an <c>IntPtr</c>, <c>const char*</c> parameters as UTF-8 <c>string</c>, C bool as <c>[MarshalAs(U1)] bool</c>.</summary>
    IntPtrEverywhere,

    /// <summary>
    /// LibraryImport as .NET 8+ code is written: <c>string</c> (UTF-8) for <c>const char*</c>, <c>ReadOnlySpan&lt;byte&gt;</c>/<c>Span&lt;byte&gt;</c>
    /// for byte buffers, <c>in</c>/<c>ref</c> for other pointers to data, <c>[MarshalAs(U1)] bool</c>, <c>IntPtr</c> for the rest; structs as in
    /// <see cref="TypedPointers"/>. Checked by a real <c>dotnet build</c>, so the runtime's LibraryImport generator runs.
    /// </summary>
    LibraryImportSpans,
}

/// <summary>A declaration the generator did not bind, and why (no C# is right on every ABI, or P/Invoke cannot call it).</summary>
public sealed record SkippedDeclaration(string Set, string Kind, string Name, string Reason);
