using System.Collections.Generic;

namespace InteropLint.Scanner;

/// <summary>
/// Stand-ins for the C library headers libraries commonly include, used only for foreign ABIs
/// (see <see cref="TargetArguments"/>). Every width comes from a C builtin type or one of clang's
/// predefined macros, so clang computes it for the target; the one exception, <c>time_t</c>, is 64-bit
/// on all six supported ABIs; the types each system defines its own way live apart, in
/// <see cref="OsTypeStandIns"/>, and are never trusted. They declare the standard functions with their standard
/// prototypes and nothing else: enough for a library header to parse, and for <c>strdup</c>/<c>free</c> to be
/// known on every ABI.
/// </summary>
internal static class ShimHeaders
{
    private const string Banner = "/* InteropLint cross-target shim (see the scanner's TargetArguments): standard C declarations whose widths clang computes per target. */\n";

    /// <summary>
    /// A folder holding only a <c>features.h</c> that stops the parse with a clear error: put before the host's
    /// <c>/usr/include</c> for a target with its own, non-glibc C library (MinGW), so a header only glibc has is
    /// reported missing instead of read with the host's widths.
    /// </summary>
    public const string HostLibcGuardFolder = "host-libc-guard";

    /// <summary>
    /// The shim header holding the system types it can only invent (<c>mode_t</c>, <c>pid_t</c>, <c>struct tm</c>…):
    /// declarations whose facts rest on it are unresolved on a freestanding ABI, with the system headers' advice.
    /// </summary>
    public const string OsTypeStandIns = "interoplint-os-types.h";

    /// <summary>The text of the guard's error, recognised in clang's diagnostics.</summary>
    public const string HostLibcGuardMessage = "InteropLint: a header of the host's C library was reached";

    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        // After the error, the host's own features.h (macros only: __BEGIN_DECLS, __THROW…) so the stopped header still
        // parses as C and its errors do not run on into the next declaration; its declarations are marked unresolved.
        [HostLibcGuardFolder + "/features.h"] = Banner + "#error \"" + HostLibcGuardMessage + "\"\n#include_next <features.h>\n",
        // The types POSIX leaves to each system (mode_t is 4 bytes on Linux, 2 on macOS; struct tm has tm_gmtoff and
        // tm_zone on macOS): the shim must declare them for a library header to parse, but what it says of them is
        // invented, so every declaration resting on them is unresolved (see OsTypeStandIns).
        [OsTypeStandIns] = Banner + Guard("OS_TYPES", """
            #ifdef _WIN32
            typedef long off_t;
            #else
            typedef __INT64_TYPE__ off_t;
            #endif
            typedef int pid_t;
            typedef unsigned int uid_t;
            typedef unsigned int gid_t;
            typedef unsigned int mode_t;
            typedef long clock_t;
            struct tm { int tm_sec; int tm_min; int tm_hour; int tm_mday; int tm_mon; int tm_year; int tm_wday; int tm_yday; int tm_isdst; };
            """),
        ["sys/types.h"] = Banner + Guard("SYS_TYPES", """
            #include <stddef.h>
            #include <stdint.h>
            #include <interoplint-os-types.h>
            typedef __INTPTR_TYPE__ ssize_t;
            """),
        ["unistd.h"] = Banner + Guard("UNISTD", "#include <sys/types.h>\n"),
        ["inttypes.h"] = Banner + Guard("INTTYPES", "#include <stdint.h>\n"),
        ["string.h"] = Banner + Guard("STRING", """
            #include <stddef.h>
            void *memcpy(void *dest, const void *src, size_t n);
            void *memmove(void *dest, const void *src, size_t n);
            void *memset(void *s, int c, size_t n);
            int memcmp(const void *a, const void *b, size_t n);
            void *memchr(const void *s, int c, size_t n);
            size_t strlen(const char *s);
            int strcmp(const char *a, const char *b);
            int strncmp(const char *a, const char *b, size_t n);
            char *strcpy(char *dest, const char *src);
            char *strncpy(char *dest, const char *src, size_t n);
            char *strcat(char *dest, const char *src);
            char *strchr(const char *s, int c);
            char *strrchr(const char *s, int c);
            char *strstr(const char *haystack, const char *needle);
            char *strerror(int errnum);
            char *strdup(const char *s) __attribute__((__malloc__));
            char *strndup(const char *s, size_t n) __attribute__((__malloc__));
            """),
        ["stdlib.h"] = Banner + Guard("STDLIB", """
            #include <stddef.h>
            #define EXIT_SUCCESS 0
            #define EXIT_FAILURE 1
            void *malloc(size_t size) __attribute__((__malloc__));
            void *calloc(size_t count, size_t size) __attribute__((__malloc__));
            void *realloc(void *ptr, size_t size);
            void free(void *ptr);
            void abort(void);
            void exit(int status);
            int atoi(const char *s);
            long strtol(const char *s, char **end, int base);
            unsigned long strtoul(const char *s, char **end, int base);
            double strtod(const char *s, char **end);
            char *getenv(const char *name);
            void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
            """),
        ["stdio.h"] = Banner + Guard("STDIO", """
            #include <stddef.h>
            #include <stdarg.h>
            #ifndef _WIN32
            #include <sys/types.h> /* POSIX: stdio.h gives ssize_t and off_t (getline, fseeko) */
            #endif
            typedef struct interoplint_opaque_FILE FILE;
            #define EOF (-1)
            #define SEEK_SET 0
            #define SEEK_CUR 1
            #define SEEK_END 2
            FILE *fopen(const char *path, const char *mode);
            int fclose(FILE *stream);
            size_t fread(void *ptr, size_t size, size_t count, FILE *stream);
            size_t fwrite(const void *ptr, size_t size, size_t count, FILE *stream);
            int fflush(FILE *stream);
            int fputs(const char *s, FILE *stream);
            char *fgets(char *s, int size, FILE *stream);
            int printf(const char *format, ...);
            int fprintf(FILE *stream, const char *format, ...);
            int sprintf(char *s, const char *format, ...);
            int snprintf(char *s, size_t n, const char *format, ...);
            int vsnprintf(char *s, size_t n, const char *format, va_list args);
            int vfprintf(FILE *stream, const char *format, va_list args);
            """),
        ["wchar.h"] = Banner + Guard("WCHAR", """
            #include <stddef.h>
            #include <stdarg.h>
            typedef __WINT_TYPE__ wint_t;
            size_t wcslen(const wchar_t *s);
            int wcscmp(const wchar_t *a, const wchar_t *b);
            wchar_t *wcscpy(wchar_t *dest, const wchar_t *src);
            wchar_t *wcsdup(const wchar_t *s) __attribute__((__malloc__));
            """),
        // Reached only by headers that include them under _WIN32: the Win32 base types, spelled as the
        // Windows SDK spells them (DWORD is unsigned long, 4 bytes on LLP64), and its calling-convention macros.
        ["basetsd.h"] = Banner + Guard("BASETSD", """
            typedef __INTPTR_TYPE__ INT_PTR, LONG_PTR, SSIZE_T;
            typedef __UINTPTR_TYPE__ UINT_PTR, ULONG_PTR, SIZE_T, DWORD_PTR;
            typedef long long LONG64, LONGLONG;
            typedef unsigned long long ULONG64, DWORD64, ULONGLONG;
            typedef int INT32;
            typedef unsigned int UINT32;
            """),
        ["windows.h"] = Banner + Guard("WINDOWS", """
            #include <stddef.h>
            #include <basetsd.h>
            #define WINAPI __stdcall
            #define APIENTRY __stdcall
            #define CALLBACK __stdcall
            #define WINAPIV __cdecl
            #define TRUE 1
            #define FALSE 0
            typedef int BOOL;
            typedef unsigned char BYTE, BOOLEAN;
            typedef unsigned short WORD;
            typedef unsigned long DWORD, ULONG;
            typedef long LONG, HRESULT;
            typedef int INT;
            typedef unsigned int UINT;
            typedef char CHAR;
            typedef wchar_t WCHAR;
            typedef void *HANDLE, *LPVOID, *PVOID, *HMODULE, *HINSTANCE, *HWND;
            typedef const void *LPCVOID;
            typedef char *LPSTR;
            typedef const char *LPCSTR;
            typedef wchar_t *LPWSTR;
            typedef const wchar_t *LPCWSTR;
            typedef DWORD *LPDWORD;
            typedef UINT_PTR WPARAM;
            typedef LONG_PTR LPARAM, LRESULT;
            typedef void *HDC, *HGLRC, *HICON, *HCURSOR, *HBITMAP, *HMENU, *HKEY;
            """),
        // SAL annotations expand to nothing outside the MSVC code analyzer.
        ["sal.h"] = Banner + Guard("SAL", """
            #define _In_
            #define _In_opt_
            #define _In_z_
            #define _In_opt_z_
            #define _In_reads_(n)
            #define _In_reads_bytes_(n)
            #define _In_reads_opt_(n)
            #define _Out_
            #define _Out_opt_
            #define _Out_writes_(n)
            #define _Out_writes_bytes_(n)
            #define _Out_writes_opt_(n)
            #define _Inout_
            #define _Inout_opt_
            #define _Ret_maybenull_
            #define _Ret_notnull_
            #define _Check_return_
            #define _Success_(e)
            #define _Printf_format_string_
            """),
        // The MSVC runtime's thread entry points, with their documented prototypes.
        ["process.h"] = Banner + Guard("PROCESS", """
            #include <stdint.h>
            uintptr_t __cdecl _beginthreadex(void *security, unsigned stack_size, unsigned (__stdcall *start)(void *), void *arg, unsigned flags, unsigned *id);
            void __cdecl _endthreadex(unsigned code);
            int __cdecl _getpid(void);
            """),
        // Apple's pure-macro headers: what the target triple already says (clang predefines the deployment target).
        ["TargetConditionals.h"] = Banner + Guard("TARGET_CONDITIONALS", """
            #ifndef __APPLE__
            #error "TargetConditionals.h is Apple's"
            #endif
            #define TARGET_OS_MAC 1
            #define TARGET_OS_OSX 1
            #define TARGET_OS_IPHONE 0
            #define TARGET_OS_IOS 0
            #define TARGET_OS_TV 0
            #define TARGET_OS_WATCH 0
            #define TARGET_OS_SIMULATOR 0
            #define TARGET_IPHONE_SIMULATOR 0
            #define TARGET_OS_EMBEDDED 0
            #define TARGET_RT_64_BIT 1
            #define TARGET_RT_LITTLE_ENDIAN 1
            #define TARGET_RT_BIG_ENDIAN 0
            #if defined(__aarch64__) || defined(__arm64__)
            #define TARGET_CPU_ARM64 1
            #define TARGET_CPU_X86_64 0
            #else
            #define TARGET_CPU_ARM64 0
            #define TARGET_CPU_X86_64 1
            #endif
            """),
        ["AvailabilityMacros.h"] = Banner + Guard("AVAILABILITY_MACROS", """
            #ifndef __APPLE__
            #error "AvailabilityMacros.h is Apple's"
            #endif
            #define MAC_OS_X_VERSION_10_0 1000
            #define MAC_OS_X_VERSION_10_5 1050
            #define MAC_OS_X_VERSION_10_6 1060
            #define MAC_OS_X_VERSION_10_7 1070
            #define MAC_OS_X_VERSION_10_8 1080
            #define MAC_OS_X_VERSION_10_9 1090
            #define MAC_OS_X_VERSION_10_10 101000
            #define MAC_OS_X_VERSION_10_11 101100
            #define MAC_OS_X_VERSION_10_12 101200
            #define MAC_OS_X_VERSION_10_13 101300
            #define MAC_OS_X_VERSION_10_14 101400
            #define MAC_OS_X_VERSION_10_15 101500
            #define MAC_OS_VERSION_11_0 110000
            #define MAC_OS_VERSION_12_0 120000
            #define MAC_OS_X_VERSION_MIN_REQUIRED __ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__
            #define MAC_OS_X_VERSION_MAX_ALLOWED __ENVIRONMENT_MAC_OS_X_VERSION_MIN_REQUIRED__
            #define DEPRECATED_ATTRIBUTE __attribute__((deprecated))
            #define UNAVAILABLE_ATTRIBUTE __attribute__((unavailable))
            """),
        ["time.h"] = Banner + Guard("TIME", """
            #include <stddef.h>
            #include <interoplint-os-types.h>
            typedef long long time_t;
            #ifdef _WIN32
            typedef long long __time64_t;
            #endif
            time_t time(time_t *t);
            clock_t clock(void);
            """),
    };

    private static string Guard(string name, string body) =>
        "#ifndef INTEROPLINT_SHIM_" + name + "_H\n#define INTEROPLINT_SHIM_" + name + "_H\n" + body.TrimEnd() + "\n#endif\n";
}
