using System.Globalization;
using System.Reflection.Metadata;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// ILNT005's question for one position on one ABI: do the C# type and the C type have the same kind at
    /// every level of indirection? Integer, bool, character and enum widths are left to ILNT001/008/009/012,
    /// and integer-versus-pointer to ILNT001; everything else that makes a call read garbage is answered here.
    /// </summary>
    internal static class SignatureComparison
    {
        private const int MaxDepth = 6;

        /// <summary>Null when the kinds agree; otherwise what differs, as a message fragment.</summary>
        public static string? Compare(ITypeSymbol type, RefKind refKind, CType c, string target, InteropTypes types, int depth = 0, int unwrapped = 0)
        {
            if (depth > MaxDepth || unwrapped > MaxDepth)
            {
                return null;
            }

            var m = ValueShapes.Of(type, refKind, types);
            var n = ValueShapes.Of(c);
            if (m == ValueShape.Record && n != ValueShape.Record && refKind == RefKind.None && depth > 0 && InlineArrayElement(type, types) is ITypeSymbol inline)
            {
                // Behind a pointer, a struct holding only [MarshalAs(ByValArray)] storage (or a fixed buffer) is that
                // many elements in a row: a pointer to its first element.
                return Compare(inline, RefKind.None, c, target, types, depth, unwrapped + 1);
            }

            if (m == ValueShape.Record && n != ValueShape.Record && refKind == RefKind.None && SingleField(type) is ITypeSymbol wrapped)
            {
                // A struct around one field (a typed handle, a strongly typed int) is passed as that field.
                return Compare(wrapped, RefKind.None, c, target, types, depth, unwrapped + 1);
            }

            if (m == ValueShape.Unknown || n == ValueShape.Unknown)
            {
                return null;
            }

            if (ValueShapes.IsIntegral(m) && ValueShapes.IsIntegral(n))
            {
                return null;
            }

            switch (m)
            {
                case ValueShape.Void when n == ValueShape.Void:
                case ValueShape.Record when n == ValueShape.Record:
                    return null;
                case ValueShape.Opaque:
                    return n == ValueShape.Float || n == ValueShape.Record || n == ValueShape.Void ? Differ(type, refKind, m, c, n, depth) : null;
                case ValueShape.Integer:
                case ValueShape.Enum:
                    if (n == ValueShape.Pointer || n == ValueShape.Function)
                    {
                        return null; // pointer versus integer is a width question: ILNT001
                    }

                    break;
                case ValueShape.Float when n == ValueShape.Float:
                    var managedSize = type.SpecialType == SpecialType.System_Single ? 4 : 8;
                    return c.Size <= 0 || c.Size == managedSize ? null : Differ(type, refKind, m, c, n, depth);
                case ValueShape.Pointer when n == ValueShape.Pointer:
                    return ComparePointees(type, refKind, c, target, types, depth);
                case ValueShape.Pointer when refKind == RefKind.None && type is IPointerTypeSymbol { PointedAtType.SpecialType: SpecialType.System_Void }
                                             && (n == ValueShape.Function || n == ValueShape.Integer):
                    // void* is an untyped address, as IntPtr is: a code pointer or an integer handle (pthread_t) of the same
                    // register class. Widths are ILNT001's.
                    return null;
                case ValueShape.Text when n == ValueShape.Pointer:
                    var pointee = ValueShapes.Pointee(c);
                    if (pointee is null)
                    {
                        return null;
                    }

                    var inner = ValueShapes.Of(pointee);
                    return inner == ValueShape.Pointer || inner == ValueShape.Record || inner == ValueShape.Float || inner == ValueShape.Function
                        ? "'" + SignatureSlot.ManagedDisplay(type, refKind) + "' points to characters but C '" + c.Spelling + "' points to " + ValueShapes.Describe(inner, pointee) + " ('" + pointee.Spelling + "')"
                        : null;
                case ValueShape.Function when n == ValueShape.Function:
                    return CompareCallback(type, c, target, types, depth);
            }

            return Differ(type, refKind, m, c, n, depth);
        }

        /// <summary>Whether a void C# return for this C return is harmless: an ignored scalar or pointer in a register is.</summary>
        public static bool IgnoringIsHarmless(CType c)
        {
            var n = ValueShapes.Of(c);
            return n != ValueShape.Record && n != ValueShape.Unknown;
        }

        private static string? ComparePointees(ITypeSymbol type, RefKind refKind, CType c, string target, InteropTypes types, int depth)
        {
            var cPointee = ValueShapes.Pointee(c);
            if (cPointee is null || cPointee.Kind == CTypeKind.Void || cPointee.Kind == CTypeKind.Unknown)
            {
                return null; // void*: any pointer will do
            }

            if ((cPointee.Kind == CTypeKind.Struct || cPointee.Kind == CTypeKind.Union) && cPointee.Size < 0)
            {
                return null; // an opaque handle type: C# cannot be more specific than C
            }

            if (refKind == RefKind.None && type.TypeKind == TypeKind.Class && !(type is IArrayTypeSymbol))
            {
                // A class with a layout is passed as a pointer to its fields.
                var shape = ValueShapes.Of(cPointee);
                return shape == ValueShape.Record || ValueShapes.IsIntegral(shape) || shape == ValueShape.Float
                    ? null
                    : "'" + SignatureSlot.ManagedDisplay(type, refKind) + "' is passed as a pointer to its fields but C '" + c.Spelling + "' points to " + ValueShapes.Describe(shape, cPointee) + " ('" + cPointee.Spelling + "')";
            }

            var managedPointee = ValueShapes.ManagedPointee(type, refKind);
            if (managedPointee is null)
            {
                return null;
            }

            if (refKind == RefKind.None && type is IPointerTypeSymbol && managedPointee.SpecialType == SpecialType.System_Void)
            {
                return null; // void* is an untyped address, as IntPtr is: it claims nothing about what C points to
            }

            if (ValueShapes.IsUntypedBytes(cPointee) && Blittability.IsBlittable(managedPointee, types))
            {
                return null; // unsigned char*/uint8_t*: C reads or writes bytes, whatever C# keeps in them
            }

            if (refKind == RefKind.None && (type is IArrayTypeSymbol || ValueShapes.IsSpan(type) || type is IPointerTypeSymbol)
                && ValueShapes.Of(cPointee) == ValueShape.Record && cPointee.Size > 0
                && ValueShapes.IsIntegral(ValueShapes.Of(managedPointee, RefKind.None, types))
                && TypeWidths.ManagedIntegerSize(managedPointee, target, types) == cPointee.Size)
            {
                return null; // int[] for const SDL_Color*: elements of the same size, read as bytes, same stride
            }

            var inner = Compare(managedPointee, RefKind.None, cPointee, target, types, depth + 1);
            return inner;
        }

        private static string? CompareCallback(ITypeSymbol type, CType c, string target, InteropTypes types, int depth)
        {
            var function = ValueShapes.FunctionType(c);
            IMethodSymbol? signature = type is INamedTypeSymbol named && named.TypeKind == TypeKind.Delegate ? named.DelegateInvokeMethod
                : type is IFunctionPointerTypeSymbol pointer ? pointer.Signature
                : null;
            if (function is null || signature is null || !function.HasPrototype)
            {
                return null; // an unprototyped C callback (void (*)()) says nothing of its parameters to compare with
            }

            var name = c.Typedefs.Count > 0 ? c.Typedefs[0] : c.Spelling;
            var managedName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (type is IFunctionPointerTypeSymbol && signature.CallingConvention == SignatureCallingConvention.Default)
            {
                return "'" + managedName + "' is a managed function pointer, which native code cannot call; C '" + name + "' needs 'delegate* unmanaged'";
            }

            if (signature.Parameters.Length != function.Parameters.Count && !function.IsVariadic)
            {
                return "callback '" + managedName + "' takes " + Count(signature.Parameters.Length) + " but C '" + name + "' takes " + Count(function.Parameters.Count);
            }

            // Every mismatch of the callback, the return value first: C acts on what the callback returns (an int
            // for ssize_t turns -1 into a 4 GiB "successful" read), while a parameter mismatch is usually a width.
            var found = new System.Collections.Generic.List<string>();
            var cReturn = function.Return;
            if (cReturn != null && !(signature.ReturnsVoid && IgnoringIsHarmless(cReturn)))
            {
                var ret = !signature.ReturnsVoid && cReturn.Kind == CTypeKind.Void
                    ? "is '" + SignatureSlot.ManagedDisplay(signature.ReturnType, RefKind.None) + "' but C '" + name + "' returns nothing"
                    : signature.ReturnsVoid
                    ? "is 'void' but C '" + name + "' returns '" + cReturn.Spelling + "'"
                    : Compare(signature.ReturnType, RefKind.None, cReturn, target, types, depth + 1)
                        ?? IntegerWidth(signature.ReturnType, RefKind.None, cReturn, target, types);
                if (ret != null)
                {
                    found.Add("the return value " + ret);
                }
            }

            for (var i = 0; i < signature.Parameters.Length && i < function.Parameters.Count; i++)
            {
                var p = signature.Parameters[i];
                var inner = Compare(p.Type, p.RefKind, function.Parameters[i], target, types, depth + 1)
                    ?? IntegerWidth(p.Type, p.RefKind, function.Parameters[i], target, types);
                if (inner != null)
                {
                    found.Add("parameter '" + p.Name + "' " + inner);
                }
            }

            if (found.Count > 0)
            {
                return "in callback '" + managedName + "' (C '" + name + "'), " + string.Join("; and ", found);
            }

            if (target == "win-x86")
            {
                var managedConvention = CallingConventions.OfCallback(type, signature, types);
                var nativeConvention = CallingConventions.Native(function.CallingConvention);
                if (managedConvention != null && managedConvention != nativeConvention)
                {
                    return "callback '" + managedName + "' is " + managedConvention + " but C '" + name + "' is " + nativeConvention
                        + (type.TypeKind == TypeKind.Delegate ? "; add [UnmanagedFunctionPointer(CallingConvention." + (nativeConvention == "cdecl" ? "Cdecl" : "StdCall") + ")] to the delegate" : "");
                }
            }

            return null;
        }

        /// <summary>Integer widths inside a callback: ILNT001 checks P/Invoke signatures, not the delegates passed to them.</summary>
        private static string? IntegerWidth(ITypeSymbol type, RefKind refKind, CType c, string target, InteropTypes types)
        {
            if (refKind != RefKind.None || !TypeWidths.IsPlainInteger(c) || c.Size <= 0)
            {
                return null;
            }

            var size = TypeWidths.ManagedIntegerSize(type, target, types);
            return size is null || size.Value == c.Size
                ? null
                : "is '" + SignatureSlot.ManagedDisplay(type, refKind) + "' (" + MessageText.Bytes(size.Value) + ") but C '" + c.Spelling + "' is " + MessageText.Bytes(c.Size);
        }

        private static string Differ(ITypeSymbol type, RefKind refKind, ValueShape m, CType c, ValueShape n, int depth)
        {
            var managed = SignatureSlot.ManagedDisplay(type, refKind);
            var managedShape = m == ValueShape.Float ? ValueShapes.Describe(m, new CType { Kind = CTypeKind.Float, Size = type.SpecialType == SpecialType.System_Single ? 4 : 8 }) : ValueShapes.Describe(m);
            return depth == 0
                ? "is '" + managed + "' (" + managedShape + ") but C '" + c.Spelling + "' is " + ValueShapes.Describe(n, c)
                : "points to '" + managed + "' (" + managedShape + ") where C points to '" + c.Spelling + "' (" + ValueShapes.Describe(n, c) + ")";
        }

        private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " parameter" : " parameters");

        /// <summary>The element type of a struct whose only field is inline storage (ByValArray or a fixed buffer), or null.</summary>
        private static ITypeSymbol? InlineArrayElement(ITypeSymbol type, InteropTypes types)
        {
            if (!(type is INamedTypeSymbol named) || named.TypeKind != TypeKind.Struct || named.SpecialType != SpecialType.None)
            {
                return null;
            }

            IFieldSymbol? only = null;
            foreach (var member in named.GetMembers())
            {
                if (member is IFieldSymbol field && !field.IsStatic && !field.IsConst)
                {
                    if (only != null)
                    {
                        return null;
                    }

                    only = field;
                }
            }

            if (only is null)
            {
                return null;
            }

            if (only.IsFixedSizeBuffer && only.Type is IPointerTypeSymbol buffer)
            {
                return buffer.PointedAtType;
            }

            var info = MarshallingInfoParser.For(types.Compilation).Field(only);
            return info.IsInlineArray ? info.Element : null;
        }

        /// <summary>The only instance field's type of a struct, or null.</summary>
        internal static ITypeSymbol? SingleField(ITypeSymbol type)
        {
            if (!(type is INamedTypeSymbol named) || named.TypeKind != TypeKind.Struct || named.SpecialType != SpecialType.None)
            {
                return null;
            }

            ITypeSymbol? found = null;
            foreach (var member in named.GetMembers())
            {
                if (member is IFieldSymbol field && !field.IsStatic && !field.IsConst)
                {
                    if (found != null)
                    {
                        return null;
                    }

                    found = field.Type;
                }
            }

            return found != null && !SymbolEqualityComparer.Default.Equals(found, type) ? found : null;
        }
    }
}
