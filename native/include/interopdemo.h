/*
 * interopdemo — a small C library whose public API exercises every InteropLint rule.
 *
 * Each group below says which rule (ILNTnnn, see docs/rules/) a wrong C# binding of it
 * trips. The library is real: the samples and the proof tests call it, and
 * demo_live_allocations() lets a test see leaks.
 */
#ifndef INTEROPDEMO_H
#define INTEROPDEMO_H

#include <stdbool.h>
#include <stddef.h>

/* Export macro; a tool that parses the header may predefine it (e.g. -DDEMO_API=). */
#ifndef DEMO_API
#  if defined(_WIN32)
#    if defined(INTEROPDEMO_BUILDING)
#      define DEMO_API __declspec(dllexport)
#    else
#      define DEMO_API __declspec(dllimport)
#    endif
#  else
#    define DEMO_API
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- constants: ILNT013 (constant drift) ------------------------------------------------ */
#define DEMO_VERSION_MAJOR 1
#define DEMO_VERSION_MINOR 4
#define DEMO_MAX_NAME 16
#define DEMO_MAX_PARTS 64
#define DEMO_ERROR_NONE 0
#define DEMO_ERROR_INVALID (-22)

/* ---- enums: ILNT012 (underlying size) and ILNT013 (enumerator values) --------------------- */
/* A small enum: int-sized on every ABI. */
typedef enum demo_color {
    DEMO_RED = 0,
    DEMO_GREEN = 1,
    DEMO_BLUE = 2
} demo_color;

/* An enumerator that does not fit in 32 bits: GCC and Clang make the enum 8 bytes; MSVC (and
 * clang targeting *-windows-msvc) keeps every enum int-sized and truncates DEMO_BIG to 0.
 * So the enum is 8 bytes on linux-x64 and osx-arm64 but 4 on win-x64. */
typedef enum demo_flags {
    DEMO_FLAG_NONE = 0,
    DEMO_FLAG_SMALL = 1,
    DEMO_BIG = 0x100000000
} demo_flags;

/* ---- C long / unsigned long / size_t: ILNT001 ------------------------------------------- */
/* long is 8 bytes on LP64 (Linux, macOS) and 4 on LLP64 (Windows): int is wrong on LP64,
 * C# long is wrong on Windows; CLong/CULong are right everywhere. size_t is nuint. */
DEMO_API long demo_add_long(long a, long b);
/* Weighted sum: sum of data[i] * (i + 1). Exceeds 32 bits for a few KB of data (6 KB of 0xFF),
 * so a binding that truncates the return to 32 bits reads a wrong value. */
DEMO_API unsigned long demo_checksum(const unsigned char* data, size_t len);
DEMO_API size_t demo_count_nonzero(const unsigned char* data, size_t len);
/* Number of allocations the library handed out and that were not freed yet. */
DEMO_API long demo_live_allocations(void);

/* ---- float vs double, struct by value: ILNT005 (signature mismatch) ----------------------- */
DEMO_API double demo_scale(double x, float factor);

typedef struct demo_point {
    int x;
    int y;
} demo_point;

/* Takes the struct by value (two ints in one register on x86-64 SysV). */
DEMO_API int demo_point_manhattan(demo_point p);
/* Takes the struct by pointer. */
DEMO_API void demo_point_translate(demo_point* p, int dx, int dy);

/* ---- struct layout: ILNT003 (layout drift) ---------------------------------------------- */
/* Padding and ABI-dependent fields. LP64 (linux-x64): tag 0, value 8, id 16, count 24,
 * length 32, active 40, sizeof 48. LLP64 (win-x64): count 20 (4 bytes), length 24, active 32,
 * sizeof 40. */
typedef struct demo_record {
    char tag;            /* offset 0 */
    double value;        /* offset 8 (7 bytes of padding before it) */
    int id;              /* offset 16 */
    long count;          /* 8 bytes on LP64, 4 on LLP64 */
    size_t length;       /* pointer-sized */
    bool active;         /* C bool: 1 byte; a C# bool field marshals as a 4-byte BOOL */
} demo_record;

/* Fills *out with a known record: tag 'R', value 2.5, id 7, count (1<<33)+5 where long is
 * 8 bytes (else 5), length 42, active true. */
DEMO_API void demo_record_fill(demo_record* out);
/* Returns sizeof(demo_record) as the library was compiled: a test compares it with C#'s idea. */
DEMO_API size_t demo_record_size(void);
/* A table of three records in static storage (borrowed: do not free): ids 1, 2, 3, tag 'A'+i,
 * value id/2.0, count (1<<33)+id where long is 8 bytes (else id), length 42*id, active id odd.
 * A binding with the wrong element size walks the array at the wrong stride. */
DEMO_API const demo_record* demo_record_table(size_t* count);
/* Sums a record's numeric fields (reads what C# wrote). */
DEMO_API double demo_record_sum(const demo_record* r);

/* Packing: no padding at all with #pragma pack(1): 1 + 4 + 2 = 7 bytes. */
#pragma pack(push, 1)
typedef struct demo_packed {
    unsigned char kind;
    unsigned int length;
    unsigned short crc;
} demo_packed;
#pragma pack(pop)

DEMO_API void demo_packed_fill(demo_packed* out);
DEMO_API size_t demo_packed_size(void);

/* A union: every member at offset 0, size of the largest (8). */
typedef union demo_value {
    int as_int;
    float as_float;
    double as_double;
    unsigned char bytes[8];
} demo_value;

DEMO_API double demo_value_as_double(demo_value v);

/* Bit-fields: no C# equivalent; the three fields share one 4-byte unit. */
typedef struct demo_bits {
    unsigned int ready : 1;
    unsigned int mode : 3;
    unsigned int level : 12;
    unsigned int tail;
} demo_bits;

DEMO_API void demo_bits_fill(demo_bits* out);

/* A fixed array and a nested struct. */
typedef struct demo_person {
    char name[DEMO_MAX_NAME];  /* 16 inline bytes, not a pointer */
    demo_point home;           /* nested struct, 8 bytes */
    unsigned long flags;       /* 8 bytes on LP64, 4 on LLP64 */
} demo_person;

DEMO_API int demo_person_init(demo_person* out, const char* name, int x, int y);

/* ---- C bool: ILNT008 -------------------------------------------------------------------- */
/* Returns a 1-byte bool in AL; the upper bytes of EAX are garbage as far as C is concerned. */
DEMO_API bool demo_is_even(int value);
DEMO_API bool demo_all_positive(const int* items, size_t n);

/* ---- wchar_t: ILNT009 ------------------------------------------------------------------- */
/* wchar_t is 4 bytes (UTF-32) on Unix and 2 on Windows; CharSet.Unicode always sends UTF-16. */
DEMO_API size_t demo_wcslen(const wchar_t* s);

/* ---- strings: ILNT002 (caller-owned, never freed) and ILNT007 (borrowed, freed) --------- */
/* Caller owns the result and must release it with demo_string_free (NOT free/CoTaskMemFree:
 * the library's counted allocator puts a header in front of the block). */
DEMO_API char* demo_strdup_upper(const char* s);
DEMO_API void demo_string_free(char* s);
/* Borrowed: points into static storage; the caller must not free it. */
DEMO_API const char* demo_version(void);
DEMO_API const char* demo_color_name(demo_color color);

/* Pointer-to-pointer out parameter: *parts receives an array of caller-owned strings
 * (release with demo_split_free). Returns the count, or DEMO_ERROR_INVALID. */
DEMO_API int demo_split(const char* s, char*** parts);
DEMO_API void demo_split_free(char** parts, int count);

/* ---- handles: ILNT002 (create without destroy) ------------------------------------------ */
typedef struct demo_buffer demo_buffer;

DEMO_API demo_buffer* demo_buffer_create(size_t capacity);
DEMO_API size_t demo_buffer_append(demo_buffer* buffer, const unsigned char* data, size_t len);
DEMO_API size_t demo_buffer_length(const demo_buffer* buffer);
DEMO_API void demo_buffer_destroy(demo_buffer* buffer);

/* ---- callbacks: ILNT010 (delegate collected while native code holds it) ----------------- */
typedef void (*demo_log_fn)(void* user, int level, const char* message);
/* Stores fn and calls it later, from demo_emit: the delegate must outlive this call. */
DEMO_API void demo_set_logger(demo_log_fn fn, void* user);
/* Calls the stored logger (if any); returns how many times a logger was called so far. */
DEMO_API int demo_emit(const char* message);

/* Synchronous: fn is only called during demo_visit. Returning non-zero stops the walk. */
typedef int (*demo_visit_fn)(void* user, int item, size_t index);
DEMO_API int demo_visit(const int* items, size_t n, demo_visit_fn fn, void* user);

/* ---- variadic: ILNT011 ------------------------------------------------------------------ */
/* printf-style: variadic arguments use a different calling sequence (AL on x86-64 SysV,
 * everything on the stack on Apple arm64). */
DEMO_API int demo_format(char* buf, size_t size, const char* fmt, ...);

/* ---- enums across the boundary: ILNT012 ------------------------------------------------- */
DEMO_API demo_flags demo_flags_combine(demo_flags a, demo_flags b);
DEMO_API demo_color demo_next_color(demo_color c);

#ifdef __cplusplus
}
#endif

#endif /* INTEROPDEMO_H */
