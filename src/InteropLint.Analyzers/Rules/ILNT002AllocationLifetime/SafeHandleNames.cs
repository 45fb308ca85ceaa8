using System.Text;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>When ILNT002's SafeHandle fix applies to a P/Invoke result, and what the new handle class is called.</summary>
    internal static class SafeHandleNames
    {
        /// <summary>
        /// A P/Invoke result the header says the caller owns, returned as <c>IntPtr</c>/<c>nint</c>, kept in one local,
        /// never handed on or returned, with a one-argument deallocator P/Invoke taking the same type: what a
        /// <c>SafeHandle</c> can own. The fix still checks every call site before it rewrites one.
        /// </summary>
        public static bool CanWrap(AllocationSite site) =>
            site.Source.NativeType != null && site.Source.FreeMethod != null && !site.Source.FreeIsInstance && site.Source.FreeCast is null
            && !site.Escaped && !site.Returned
            && site.Allocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_IntPtr;

        /// <summary>
        /// <c>SafeGzFileHandle</c> for <c>gzFile</c>, <c>SafeSDLWindowHandle</c> for <c>SDL_Window *</c>,
        /// <c>SafeGitRepositoryHandle</c> for <c>git_repository *</c>; from the allocator's name when the type says nothing
        /// (<c>void *</c>).
        /// </summary>
        public static string ForNativeType(string nativeType, string allocator)
        {
            var name = nativeType.Replace("*", " ").Replace("const ", " ").Replace("struct ", " ").Replace("volatile ", " ").Trim();
            if (name.Length == 0 || name == "void" || name == "char" || name.IndexOf(' ') >= 0)
            {
                name = allocator;
            }

            var pascal = new StringBuilder();
            foreach (var part in name.Split('_'))
            {
                if (part.Length > 0)
                {
                    pascal.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
                }
            }

            return pascal.Length == 0 ? "SafeNativeHandle" : "Safe" + pascal + "Handle";
        }
    }
}
