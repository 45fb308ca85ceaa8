using System;
using System.Collections.Generic;
using InteropLint.Manifest;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>Which copy of a struct native code sees.</summary>
    internal enum LayoutMode
    {
        /// <summary>The struct's bytes as they are in managed memory (<c>sizeof</c>): pointers, LibraryImport, disabled runtime marshalling.</summary>
        Memory,

        /// <summary>The copy DllImport's marshaller makes of a non-blittable struct (<c>Marshal.SizeOf</c>): <c>bool</c> → 4-byte BOOL, <c>char</c> → 1 byte (Ansi), <c>string</c> → pointer.</summary>
        Marshalled,
    }

    /// <summary>What kind of thing a managed field is, as far as a C layout comparison cares.</summary>
    internal enum ManagedFieldShape
    {
        Integer,
        Float,
        Pointer,
        Bool,
        Char,
        String,
        Struct,

        /// <summary>A fixed-size buffer, an <c>[InlineArray]</c> struct or a <c>ByValArray</c>/<c>ByValTStr</c> field.</summary>
        Array,
    }

    internal sealed class ManagedField
    {
        public ManagedField(string name, IFieldSymbol? symbol, ManagedFieldShape shape, long size, long align)
        {
            Name = name;
            Symbol = symbol;
            Shape = shape;
            Size = size;
            Align = align;
        }

        public string Name { get; set; }

        /// <summary>Null for a field a fix would add.</summary>
        public IFieldSymbol? Symbol { get; }

        public ManagedFieldShape Shape { get; }

        public long Offset { get; set; }

        public long Size { get; }

        public long Align { get; }

        /// <summary>Arrays: element size and count.</summary>
        public long ElementSize { get; set; }

        public long Count { get; set; }

        /// <summary>A fixed-size buffer (<c>fixed byte x[16]</c>), whose length a fix can change.</summary>
        public bool IsFixedBuffer { get; set; }

        /// <summary>Struct fields (not inline arrays): the nested struct's layout.</summary>
        public ManagedLayout? Nested { get; set; }

        public long End => Offset + Size;
    }

    /// <summary>What a fix would change, so the layout it produces can be computed before it is offered.</summary>
    internal sealed class LayoutOverrides
    {
        /// <summary>Field name → new C# type name (<c>CULong</c>, <c>nuint</c>, <c>uint</c>, …; <c>bool:U1</c> for <c>[MarshalAs(U1)]</c>).</summary>
        public Dictionary<string, string> FieldTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Field name → new fixed-buffer length.</summary>
        public Dictionary<string, long> FixedLengths { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Fields appended at the end: name and C# type name.</summary>
        public List<KeyValuePair<string, string>> Appended { get; } = new List<KeyValuePair<string, string>>();

        public int? Pack { get; set; }

        /// <summary>Explicit layout with every field at offset 0 (a C union).</summary>
        public bool UnionLayout { get; set; }

        /// <summary>Auto layout replaced by Sequential.</summary>
        public bool Sequential { get; set; }

        public bool IsEmpty => FieldTypes.Count == 0 && FixedLengths.Count == 0 && Appended.Count == 0 && Pack is null && !UnionLayout && !Sequential;

        /// <summary>Size of a C# type a fix writes, on one ABI; null when the name is not one a fix writes.</summary>
        public static long? SizeOf(string typeName, string target)
        {
            switch (typeName)
            {
                case "bool:U1": return 1;
                case "float": return 4;
                case "double": return 8;
                default: return PortableInteger.Named(typeName)?.SizeOn(target);
            }
        }
    }

    /// <summary>
    /// A managed field placed in an outer struct: its offset from the outer struct's start and its dotted path
    /// (<c>inner.x</c>), as ILNT003's comparers walk nested C# structs against a C record.
    /// </summary>
    internal readonly struct PlacedField
    {
        public PlacedField(ManagedField field, long offset, string name)
        {
            Field = field;
            Offset = offset;
            Name = name;
        }

        public ManagedField Field { get; }

        public long Offset { get; }

        /// <summary>The dotted path from the outer struct.</summary>
        public string Name { get; }

        public long End => Offset + Field.Size;

        /// <summary>The field's own name, the last part of <see cref="Name"/>.</summary>
        public string ShortName
        {
            get
            {
                var dot = Name.LastIndexOf('.');
                return dot < 0 ? Name : Name.Substring(dot + 1);
            }
        }
    }
}
