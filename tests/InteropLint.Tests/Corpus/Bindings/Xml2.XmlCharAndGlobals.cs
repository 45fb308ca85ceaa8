// corpus-header: /usr/include/libxml2/libxml/parser.h --library xml2 -I /usr/include/libxml2
// corpus-header: /usr/include/libxml2/libxml/tree.h --library xml2 -I /usr/include/libxml2
// corpus-header: /usr/include/libxml2/libxml/xmlerror.h --library xml2 -I /usr/include/libxml2
// corpus-header: /usr/include/libxml2/libxml/globals.h --library xml2 -I /usr/include/libxml2
// corpus-targets: linux-x64
// libxml2 the way hand-written wrappers bind it: xmlChar* as byte* both ways (UTF-8 by definition); documents and
// nodes as raw pointers, a node read through a view of the "common part" every node type shares (the first nine
// fields); xmlFree is a global variable (a function pointer, or the macro (*(__xmlFree())) in threaded builds), so it
// is read once with NativeLibrary.GetExport and called through a delegate* unmanaged, and strings the caller owns
// (xmlNodeGetContent, xmlGetProp) are freed that way; the structured error handler an [UnmanagedCallersOnly]
// function pointer installed for the process and reset to null; the document freed by xmlFreeDoc in a finally.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Corpus.Xml2;

public enum XmlElementType
{
    XML_ELEMENT_NODE = 1,
    XML_ATTRIBUTE_NODE = 2,
    XML_TEXT_NODE = 3,
    XML_CDATA_SECTION_NODE = 4,
    XML_COMMENT_NODE = 8,
    XML_DOCUMENT_NODE = 9,
}

[Flags]
public enum XmlParserOption
{
    XML_PARSE_RECOVER = 1 << 0,
    XML_PARSE_NOENT = 1 << 1,
    XML_PARSE_NOERROR = 1 << 5,
    XML_PARSE_NOWARNING = 1 << 6,
    XML_PARSE_NONET = 1 << 11,
}

/// <summary>The part of struct _xmlNode every node type starts with; nodes are only ever read through libxml2's pointers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct XmlNodeCommon
{
    public IntPtr _private;
    public XmlElementType type;
    public byte* name;
    public XmlNodeCommon* children;
    public XmlNodeCommon* last;
    public XmlNodeCommon* parent;
    public XmlNodeCommon* next;
    public XmlNodeCommon* prev;
    public IntPtr doc;
}

internal static unsafe class LibXml2
{
    private const string Lib = "xml2";

    private static readonly delegate* unmanaged<void*, void> s_free = LoadFree();

    private static delegate* unmanaged<void*, void> LoadFree()
    {
        var library = NativeLibrary.Load(Lib, typeof(LibXml2).Assembly, null);
        // xmlFree is a variable holding the deallocator: the export is its address.
        var variable = NativeLibrary.GetExport(library, "xmlFree");
        return (delegate* unmanaged<void*, void>)Marshal.ReadIntPtr(variable);
    }

    internal static void Free(void* p) => s_free(p);

    [DllImport(Lib)] internal static extern void xmlInitParser();
    [DllImport(Lib)] internal static extern void xmlCleanupParser();
    [DllImport(Lib)] internal static extern IntPtr xmlReadMemory(byte* buffer, int size, byte* url, byte* encoding, XmlParserOption options);
    [DllImport(Lib)] internal static extern void xmlFreeDoc(IntPtr doc);
    [DllImport(Lib)] internal static extern XmlNodeCommon* xmlDocGetRootElement(IntPtr doc);
    [DllImport(Lib)] internal static extern byte* xmlNodeGetContent(XmlNodeCommon* node);
    [DllImport(Lib)] internal static extern byte* xmlGetProp(XmlNodeCommon* node, byte* name);
    [DllImport(Lib)] internal static extern int xmlStrlen(byte* str);
    [DllImport(Lib)] internal static extern void xmlSetStructuredErrorFunc(IntPtr ctx, delegate* unmanaged<IntPtr, IntPtr, void> handler);
}

public static unsafe class XmlReader
{
    [ThreadStatic] private static int t_errors;

    [UnmanagedCallersOnly]
    private static void OnError(IntPtr userData, IntPtr error) => t_errors++;

    public static (string Root, string? Id, string Text, int Errors) Read(ReadOnlySpan<byte> xml)
    {
        LibXml2.xmlInitParser();
        LibXml2.xmlSetStructuredErrorFunc(IntPtr.Zero, &OnError);
        t_errors = 0;
        IntPtr doc;
        fixed (byte* p = xml)
        {
            doc = LibXml2.xmlReadMemory(p, xml.Length, null, null, XmlParserOption.XML_PARSE_NONET | XmlParserOption.XML_PARSE_NOWARNING);
        }

        if (doc == IntPtr.Zero)
        {
            LibXml2.xmlSetStructuredErrorFunc(IntPtr.Zero, null);
            throw new FormatException("not XML");
        }

        try
        {
            var root = LibXml2.xmlDocGetRootElement(doc);
            var name = Encoding.UTF8.GetString(root->name, LibXml2.xmlStrlen(root->name));
            return (name, Attribute(root, "id"), Content(root), t_errors);
        }
        finally
        {
            LibXml2.xmlFreeDoc(doc);
            LibXml2.xmlSetStructuredErrorFunc(IntPtr.Zero, null);
        }
    }

    private static string Content(XmlNodeCommon* node)
    {
        var content = LibXml2.xmlNodeGetContent(node);
        try
        {
            return content == null ? string.Empty : Encoding.UTF8.GetString(content, LibXml2.xmlStrlen(content));
        }
        finally
        {
            LibXml2.Free(content);
        }
    }

    private static string? Attribute(XmlNodeCommon* node, string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name + "\0");
        byte* value;
        fixed (byte* n = utf8)
        {
            value = LibXml2.xmlGetProp(node, n);
        }

        if (value == null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(value, LibXml2.xmlStrlen(value));
        }
        finally
        {
            LibXml2.Free(value);
        }
    }
}
