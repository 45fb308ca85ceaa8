using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// The layout the runtime gives a C# struct on one ABI: field offsets, sizes and alignments, total
    /// size and alignment, for the way native code sees it (<see cref="LayoutMode"/>). Follows CoreCLR:
    /// sequential fields aligned to min(natural alignment, Pack) (Pack 0 means 8), explicit offsets from
    /// <c>[FieldOffset]</c>, the size rounded up to the struct's alignment and raised to <c>StructLayout.Size</c>.
    /// </summary>
    internal sealed class ManagedLayout
    {
        private const int MaxDepth = 16;

        private ManagedLayout(INamedTypeSymbol type, string target, LayoutMode mode)
        {
            Type = type;
            Target = target;
            Mode = mode;
        }

        public INamedTypeSymbol Type { get; }

        public string Target { get; }

        public LayoutMode Mode { get; }

        public LayoutKind Kind { get; private set; } = LayoutKind.Sequential;

        /// <summary>StructLayout.Pack as written (0: default).</summary>
        public int Pack { get; private set; }

        public CharSet CharSet { get; private set; } = CharSet.Ansi;

        public long Size { get; private set; }

        public long Align { get; private set; } = 1;

        /// <summary>Instance fields in declaration order (explicit layouts: also declaration order).</summary>
        public IReadOnlyList<ManagedField> Fields { get; private set; } = Array.Empty<ManagedField>();

        /// <summary>Why the layout could not be computed (a field whose native size is unknown), or null.</summary>
        public string? Unsupported { get; private set; }

        /// <summary>StructLayout.Size as written, or null.</summary>
        public int? DeclaredSize { get; private set; }

        /// <summary>
        /// A class with <c>[StructLayout(Sequential|Explicit)]</c>: DllImport passes it as a pointer to the
        /// marshaller's copy, and marshals it inline when it is a field of a struct.
        /// </summary>
        public static bool IsFormattedClass(ITypeSymbol type, InteropTypes types)
        {
            if (type.TypeKind != TypeKind.Class || !(type is INamedTypeSymbol named) || named.IsStatic)
            {
                return false;
            }

            foreach (var attribute in named.GetAttributes())
            {
                if (types.StructLayout != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.StructLayout) && attribute.ConstructorArguments.Length == 1)
                {
                    var value = attribute.ConstructorArguments[0].Value;
                    var kind = value is int i ? (LayoutKind)i : value is short s ? (LayoutKind)s : LayoutKind.Auto;
                    return kind == LayoutKind.Sequential || kind == LayoutKind.Explicit;
                }
            }

            return false;
        }

        /// <summary>
        /// The layout of <paramref name="type"/> on <paramref name="target"/>; <see cref="Unsupported"/> says
        /// when some field has no known native size (the struct is then left alone).
        /// </summary>
        public static ManagedLayout Compute(INamedTypeSymbol type, string target, LayoutMode mode, InteropTypes types, LayoutOverrides? overrides = null) =>
            Compute(type, target, mode, types, overrides, 0);

        private static ManagedLayout Compute(INamedTypeSymbol type, string target, LayoutMode mode, InteropTypes types, LayoutOverrides? overrides, int depth)
        {
            var layout = new ManagedLayout(type, target, mode);
            if (depth > MaxDepth)
            {
                layout.Unsupported = "nested too deeply";
                return layout;
            }

            int? explicitSize = null;
            foreach (var attribute in type.GetAttributes())
            {
                if (types.StructLayout != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.StructLayout))
                {
                    if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kind)
                    {
                        layout.Kind = (LayoutKind)kind;
                    }
                    else if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is short shortKind)
                    {
                        layout.Kind = (LayoutKind)shortKind;
                    }

                    foreach (var named in attribute.NamedArguments)
                    {
                        switch (named.Key)
                        {
                            case "Pack" when named.Value.Value is int pack:
                                layout.Pack = pack;
                                break;
                            case "Size" when named.Value.Value is int size:
                                explicitSize = size;
                                break;
                            case "CharSet" when named.Value.Value is int charSet:
                                layout.CharSet = (CharSet)charSet;
                                break;
                        }
                    }
                }
            }

            layout.DeclaredSize = explicitSize;
            if (type.TypeKind == TypeKind.Class && type.BaseType != null && type.BaseType.SpecialType != SpecialType.System_Object)
            {
                layout.Unsupported = "it derives from '" + type.BaseType.Name + "', whose fields the marshaller puts first";
                return layout;
            }

            if (overrides?.Pack != null)
            {
                layout.Pack = overrides.Pack.Value;
            }

            if (overrides != null && overrides.UnionLayout)
            {
                layout.Kind = LayoutKind.Explicit;
            }
            else if (overrides != null && overrides.Sequential)
            {
                layout.Kind = LayoutKind.Sequential;
            }

            var fields = new List<ManagedField>();
            var inlineLength = InlineArrayLength(type, types);
            foreach (var member in type.GetMembers())
            {
                if (!(member is IFieldSymbol field) || field.IsStatic || field.IsConst)
                {
                    continue;
                }

                string? why = null;
                var managed = overrides != null && overrides.FieldTypes.TryGetValue(field.Name, out var replacement)
                    ? Replaced(field, replacement, target)
                    : FieldLayout(field, field.Type, target, mode, layout.CharSet, types, overrides, depth, out why);
                if (managed is null)
                {
                    layout.Unsupported = "field '" + field.Name + "' has no known native layout" + (why is null ? "" : " (" + why + ")");
                    return layout;
                }

                if (field.IsImplicitlyDeclared && field.AssociatedSymbol != null)
                {
                    managed.Name = field.AssociatedSymbol.Name; // an auto-property's backing field, named as written
                }

                if (managed.IsFixedBuffer && overrides != null && overrides.FixedLengths.TryGetValue(field.Name, out var length))
                {
                    managed = new ManagedField(managed.Name, field, ManagedFieldShape.Array, managed.ElementSize * length, managed.Align)
                    {
                        ElementSize = managed.ElementSize,
                        Count = length,
                        IsFixedBuffer = true,
                    };
                }

                if (layout.Kind == LayoutKind.Explicit)
                {
                    managed.Offset = overrides != null && overrides.UnionLayout ? 0 : FieldOffsetOf(field, types) ?? -1;
                    if (managed.Offset < 0)
                    {
                        layout.Unsupported = "field '" + field.Name + "' has no [FieldOffset]";
                        return layout;
                    }
                }

                fields.Add(managed);
            }

            if (overrides != null)
            {
                foreach (var added in overrides.Appended)
                {
                    var size = LayoutOverrides.SizeOf(added.Value, target) ?? 1;
                    fields.Add(new ManagedField(added.Key, null, ManagedFieldShape.Integer, size, size) { Offset = layout.Kind == LayoutKind.Explicit ? -1 : 0 });
                }
            }

            if (inlineLength > 0 && fields.Count == 1)
            {
                // [InlineArray(N)]: the one field repeated N times.
                var element = fields[0];
                var array = new ManagedField(element.Name, element.Symbol, ManagedFieldShape.Array, element.Size * inlineLength, element.Align)
                {
                    ElementSize = element.Size,
                    Count = inlineLength,
                };
                fields[0] = array;
            }

            var maxPack = layout.Pack <= 0 ? 8 : layout.Pack;
            long offset = 0;
            long align = 1;
            long end = 0;
            foreach (var field in fields)
            {
                var fieldAlign = Math.Max(1, Math.Min(field.Align, maxPack));
                align = Math.Max(align, fieldAlign);
                if (layout.Kind != LayoutKind.Explicit || field.Offset < 0)
                {
                    offset = AlignUp(layout.Kind == LayoutKind.Explicit ? end : offset, fieldAlign);
                    field.Offset = offset;
                    offset += field.Size;
                }

                end = Math.Max(end, field.End);
            }

            layout.Align = align;
            layout.Size = Math.Max(AlignUp(end, align), 1);
            if (explicitSize.HasValue && explicitSize.Value > layout.Size)
            {
                layout.Size = explicitSize.Value;
            }

            layout.Fields = fields;
            return layout;
        }

        private static ManagedField Replaced(IFieldSymbol field, string typeName, string target)
        {
            var size = LayoutOverrides.SizeOf(typeName, target) ?? 1;
            var shape = typeName == "bool:U1" ? ManagedFieldShape.Bool : ManagedFieldShape.Integer;
            return new ManagedField(field.Name, field, shape, size, size);
        }

        /// <summary>The native layout of one field of type <paramref name="type"/>, or null when it has none we know.</summary>
        private static ManagedField? FieldLayout(IFieldSymbol field, ITypeSymbol type, string target, LayoutMode mode, CharSet charSet, InteropTypes types, LayoutOverrides? overrides, int depth, out string? why)
        {
            why = null;
            var pointerSize = AbiTargets.PointerSize(target);
            if (field.IsFixedSizeBuffer && type is IPointerTypeSymbol buffer)
            {
                var element = FieldLayout(field, buffer.PointedAtType, target, LayoutMode.Memory, charSet, types, null, depth + 1, out why);
                if (element is null)
                {
                    return null;
                }

                return new ManagedField(field.Name, field, ManagedFieldShape.Array, element.Size * field.FixedSize, element.Align)
                {
                    ElementSize = element.Size,
                    Count = field.FixedSize,
                    IsFixedBuffer = true,
                };
            }

            var marshalAs = mode == LayoutMode.Marshalled ? Blittability.MarshalAsOf(field, types) : null;
            var unmanagedType = marshalAs?.MarshalAs;
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                    return Scalar(field, ManagedFieldShape.Bool, mode == LayoutMode.Memory ? 1 : marshalAs?.BoolWidth ?? 4);
                case SpecialType.System_Char:
                    return Scalar(field, ManagedFieldShape.Char, CharSize(mode, unmanagedType, charSet, target));
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                    return Scalar(field, ManagedFieldShape.Integer, 1);
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                    return Scalar(field, ManagedFieldShape.Integer, 2);
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return Scalar(field, ManagedFieldShape.Integer, 4);
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return Scalar(field, ManagedFieldShape.Integer, 8);
                case SpecialType.System_Single:
                    return Scalar(field, ManagedFieldShape.Float, 4);
                case SpecialType.System_Double:
                    return Scalar(field, ManagedFieldShape.Float, 8);
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return Scalar(field, ManagedFieldShape.Integer, pointerSize);
                case SpecialType.System_String:
                    if (mode == LayoutMode.Memory)
                    {
                        why = "a reference";
                        return null;
                    }

                    if (unmanagedType == UnmanagedType.ByValTStr && marshalAs!.SizeConst > 0)
                    {
                        var charSize = CharSize(mode, null, charSet, target);
                        return new ManagedField(field.Name, field, ManagedFieldShape.Array, charSize * marshalAs.SizeConst, charSize) { ElementSize = charSize, Count = marshalAs.SizeConst };
                    }

                    return Scalar(field, ManagedFieldShape.String, pointerSize);
            }

            if (type is IPointerTypeSymbol || type is IFunctionPointerTypeSymbol)
            {
                return Scalar(field, ManagedFieldShape.Pointer, pointerSize);
            }

            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol e && e.EnumUnderlyingType != null)
            {
                return FieldLayout(field, e.EnumUnderlyingType, target, mode, charSet, types, overrides, depth, out why);
            }

            if (type.TypeKind == TypeKind.Delegate && mode == LayoutMode.Marshalled)
            {
                return Scalar(field, ManagedFieldShape.Pointer, pointerSize);
            }

            if (type is IArrayTypeSymbol array && mode == LayoutMode.Marshalled && unmanagedType == UnmanagedType.ByValArray && marshalAs!.SizeConst > 0)
            {
                // ByValArray is inline storage: SizeConst elements in the struct itself, structs included.
                var element = FieldLayout(field, array.ElementType, target, mode, charSet, types, null, depth + 1, out why);
                if (element is null)
                {
                    return null;
                }

                return new ManagedField(field.Name, field, ManagedFieldShape.Array, AlignUp(element.Size, element.Align) * marshalAs.SizeConst, element.Align)
                {
                    ElementSize = AlignUp(element.Size, element.Align),
                    Count = marshalAs.SizeConst,
                };
            }

            if (types.IsCLong(type) || types.IsCULong(type))
            {
                return Scalar(field, ManagedFieldShape.Integer, TypeWidths.CLongSize(target));
            }

            if (IsFormattedClass(type, types) && mode == LayoutMode.Marshalled && type is INamedTypeSymbol layoutClass && layoutClass.DeclaringSyntaxReferences.Length > 0)
            {
                // A formatted class field is marshalled inline, like a struct.
                var inner = Compute(layoutClass, target, mode, types, null, depth + 1);
                if (inner.Unsupported != null)
                {
                    why = inner.Unsupported;
                    return null;
                }

                return new ManagedField(field.Name, field, ManagedFieldShape.Struct, inner.Size, inner.Align) { Nested = inner };
            }

            if (type.TypeKind == TypeKind.Class)
            {
                why = mode == LayoutMode.Memory ? "a reference" : "'" + type.Name + "' is a class without [StructLayout(Sequential)]";
                return null;
            }

            if (type.TypeKind == TypeKind.Struct && type is INamedTypeSymbol nested && !nested.IsGenericType)
            {
                if (nested.DeclaringSyntaxReferences.Length == 0 && nested.ContainingNamespace?.ToDisplayString() == "System" && nested.Name == "Guid")
                {
                    return new ManagedField(field.Name, field, ManagedFieldShape.Struct, 16, 4);
                }

                if (nested.DeclaringSyntaxReferences.Length == 0)
                {
                    why = "'" + nested.Name + "' is defined in a referenced assembly";
                    return null;
                }

                var inner = Compute(nested, target, mode, types, null, depth + 1);
                if (inner.Unsupported != null)
                {
                    why = inner.Unsupported;
                    return null;
                }

                if (InlineArrayLength(nested, types) > 0 && inner.Fields.Count == 1)
                {
                    var element = inner.Fields[0];
                    return new ManagedField(field.Name, field, ManagedFieldShape.Array, inner.Size, inner.Align) { ElementSize = element.ElementSize, Count = element.Count };
                }

                return new ManagedField(field.Name, field, ManagedFieldShape.Struct, inner.Size, inner.Align) { Nested = inner };
            }

            why = "'" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'";
            return null;
        }

        private static long CharSize(LayoutMode mode, UnmanagedType? unmanagedType, CharSet charSet, string target)
        {
            if (mode == LayoutMode.Memory || unmanagedType == UnmanagedType.U2 || unmanagedType == UnmanagedType.I2)
            {
                return 2;
            }

            if (unmanagedType == UnmanagedType.U1 || unmanagedType == UnmanagedType.I1)
            {
                return 1;
            }

            return charSet == CharSet.Unicode || (charSet == CharSet.Auto && AbiTargets.IsWindows(target)) ? 2 : 1;
        }

        private static ManagedField Scalar(IFieldSymbol field, ManagedFieldShape shape, long size) =>
            new ManagedField(field.Name, field, shape, size, size);

        private static long AlignUp(long value, long align) => align <= 1 ? value : (value + align - 1) / align * align;

        private static int InlineArrayLength(INamedTypeSymbol type, InteropTypes types)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (types.InlineArray != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.InlineArray)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int length)
                {
                    return length;
                }
            }

            return 0;
        }

        private static int? FieldOffsetOf(IFieldSymbol field, InteropTypes types)
        {
            foreach (var attribute in field.GetAttributes())
            {
                if (types.FieldOffset != null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.FieldOffset)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int offset)
                {
                    return offset;
                }
            }

            return null;
        }
    }
}
