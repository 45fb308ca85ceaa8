using System.Runtime.InteropServices;
using Xunit;

namespace InteropLint.Tests.ILNT004StringInLoop;

/// <summary>
/// The two shapes ILNT004's fix writes, called on real native code (glibc, SQLite): they must pass native code what the
/// marshaller passed for the string, including NULL for a null string.
/// </summary>
public class FixedShapesBehaveTheSameTests
{
    [DllImport("libc", EntryPoint = "strlen")]
    private static extern nuint strlen(string s);

    // As the fix writes them: the same entry point, the string already encoded.
    [DllImport("libc", EntryPoint = "strlen")]
    private static extern nuint strlen(in byte s);

    [DllImport("libc", EntryPoint = "strlen")]
    private static extern nuint strlen(IntPtr s);

    [DllImport("sqlite3")]
    private static extern int sqlite3_open(string filename, out IntPtr db);

    [DllImport("sqlite3")]
    private static extern int sqlite3_close(IntPtr db);

    [DllImport("sqlite3")]
    private static extern int sqlite3_prepare_v2(IntPtr db, string sql, int nByte, out IntPtr stmt, IntPtr tail);

    [DllImport("sqlite3")]
    private static extern int sqlite3_bind_text(IntPtr stmt, int index, string? value, int nByte, IntPtr destructor);

    [DllImport("sqlite3")]
    private static extern int sqlite3_bind_text(IntPtr stmt, int index, in byte value, int nByte, IntPtr destructor);

    [DllImport("sqlite3")]
    private static extern int sqlite3_bind_text(IntPtr stmt, int index, IntPtr value, int nByte, IntPtr destructor);

    [DllImport("sqlite3")]
    private static extern int sqlite3_step(IntPtr stmt);

    [DllImport("sqlite3")]
    private static extern int sqlite3_reset(IntPtr stmt);

    [DllImport("sqlite3")]
    private static extern int sqlite3_column_int(IntPtr stmt, int column);

    [DllImport("sqlite3")]
    private static extern int sqlite3_finalize(IntPtr stmt);

    private static readonly IntPtr Transient = new(-1);

    [Fact]
    public void Strlen_Utf8LiteralOverload_MatchesStringMarshalling()
    {
        Assert.Equal(strlen("hello"), strlen(in MemoryMarshal.GetReference("hello\0"u8)));
        Assert.Equal(strlen("héllo €"), strlen(in MemoryMarshal.GetReference("héllo €\0"u8)));
        Assert.Equal(strlen(""), strlen(in MemoryMarshal.GetReference("\0"u8)));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("héllo €")]
    [InlineData("")]
    [InlineData(10 * 1024)]
    public void Strlen_HoistedBuffer_MatchesStringMarshalling(object input)
    {
        var text = input as string ?? new string('x', (int)input);
        var encoded = Marshal.StringToCoTaskMemUTF8(text);
        try
        {
            Assert.Equal(strlen(text), strlen(encoded));
        }
        finally
        {
            Marshal.FreeCoTaskMem(encoded);
        }
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("héllo €")]
    [InlineData(null)]
    public void SqliteBindText_HoistedBuffer_BindsWhatTheStringBinds_NullIsNull(string? value)
    {
        Assert.Equal(0, sqlite3_open(":memory:", out var db));
        try
        {
            Assert.Equal(0, sqlite3_prepare_v2(db, "SELECT ?1 IS NULL, length(CAST(?1 AS BLOB))", -1, out var stmt, IntPtr.Zero));
            try
            {
                var expected = Query(stmt, () => sqlite3_bind_text(stmt, 1, value, -1, Transient));
                var encoded = Marshal.StringToCoTaskMemUTF8(value);
                try
                {
                    Assert.Equal(expected, Query(stmt, () => sqlite3_bind_text(stmt, 1, encoded, -1, Transient)));
                }
                finally
                {
                    Marshal.FreeCoTaskMem(encoded);
                }

                if (value == "pending")
                {
                    Assert.Equal(expected, Query(stmt, () => sqlite3_bind_text(stmt, 1, in MemoryMarshal.GetReference("pending\0"u8), -1, Transient)));
                }
            }
            finally
            {
                sqlite3_finalize(stmt);
            }
        }
        finally
        {
            sqlite3_close(db);
        }
    }

    private static (int IsNull, int Bytes) Query(IntPtr stmt, Func<int> bind)
    {
        Assert.Equal(0, sqlite3_reset(stmt));
        Assert.Equal(0, bind());
        Assert.Equal(100, sqlite3_step(stmt)); // SQLITE_ROW
        return (sqlite3_column_int(stmt, 0), sqlite3_column_int(stmt, 1));
    }
}
