/* interopdemo — implementation. See include/interopdemo.h for what each group exercises. */
#define INTEROPDEMO_BUILDING 1
#include "interopdemo.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#if defined(_MSC_VER)
#include <windows.h>
static volatile long live_allocations;
#define COUNT_UP() InterlockedIncrement(&live_allocations)
#define COUNT_DOWN() InterlockedDecrement(&live_allocations)
#define COUNT_READ() InterlockedCompareExchange(&live_allocations, 0, 0)
#else
static long live_allocations;
#define COUNT_UP() __atomic_add_fetch(&live_allocations, 1, __ATOMIC_SEQ_CST)
#define COUNT_DOWN() __atomic_sub_fetch(&live_allocations, 1, __ATOMIC_SEQ_CST)
#define COUNT_READ() __atomic_load_n(&live_allocations, __ATOMIC_SEQ_CST)
#endif

/* ---- the counted allocator ---------------------------------------------------------------
 * Every block handed out carries a header in front of it, so the pointer the caller sees is
 * NOT the pointer malloc returned: freeing it with free() (or the marshaller's CoTaskMemFree,
 * which is free() on Unix) is heap corruption, exactly as with a real library that uses its
 * own allocator. The header's magic catches double frees and foreign pointers. */
#define DEMO_BLOCK_MAGIC 0x44454d4fu /* "DEMO" */

typedef struct demo_block_header {
    unsigned int magic;
    unsigned int reserved;
    size_t size;
} demo_block_header;

static void* demo_alloc(size_t size)
{
    demo_block_header* header = (demo_block_header*)malloc(sizeof(demo_block_header) + size);
    if (header == NULL) {
        return NULL;
    }
    header->magic = DEMO_BLOCK_MAGIC;
    header->reserved = 0;
    header->size = size;
    COUNT_UP();
    return header + 1;
}

static void demo_free(void* block)
{
    demo_block_header* header;
    if (block == NULL) {
        return;
    }
    header = (demo_block_header*)block - 1;
    if (header->magic != DEMO_BLOCK_MAGIC) {
        fprintf(stderr, "interopdemo: demo_free called with a block it did not allocate\n");
        abort();
    }
    header->magic = 0;
    COUNT_DOWN();
    free(header);
}

static char* demo_strndup_counted(const char* s, size_t len)
{
    char* copy = (char*)demo_alloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

long demo_live_allocations(void)
{
    return COUNT_READ();
}

/* ---- integers ------------------------------------------------------------------------- */
long demo_add_long(long a, long b)
{
    return a + b;
}

unsigned long demo_checksum(const unsigned char* data, size_t len)
{
    unsigned long sum = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        sum += (unsigned long)data[i] * (unsigned long)(i + 1);
    }
    return sum;
}

size_t demo_count_nonzero(const unsigned char* data, size_t len)
{
    size_t count = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        count += data[i] != 0;
    }
    return count;
}

/* ---- signatures ------------------------------------------------------------------------ */
double demo_scale(double x, float factor)
{
    return x * (double)factor;
}

int demo_point_manhattan(demo_point p)
{
    return abs(p.x) + abs(p.y);
}

void demo_point_translate(demo_point* p, int dx, int dy)
{
    p->x += dx;
    p->y += dy;
}

/* ---- layouts -------------------------------------------------------------------------- */
void demo_record_fill(demo_record* out)
{
    memset(out, 0, sizeof(*out));
    out->tag = 'R';
    out->value = 2.5;
    out->id = 7;
    /* Needs more than 32 bits where long can hold it (LP64); plain 7 where it cannot. */
    out->count = sizeof(long) >= 8 ? (long)((1ULL << 33) + 5) : 5L;
    out->length = 42;
    out->active = true;
}

const demo_record* demo_record_table(size_t* count)
{
    static demo_record table[3];
    static int filled; /* idempotent: every call writes the same values */
    int i;
    if (!filled) {
        for (i = 0; i < 3; i++) {
            long id = i + 1;
            table[i].tag = (char)('A' + i);
            table[i].value = (double)id / 2.0;
            table[i].id = (int)id;
            table[i].count = sizeof(long) >= 8 ? (long)((1ULL << 33) + (unsigned long long)id) : id;
            table[i].length = (size_t)(42 * id);
            table[i].active = (id & 1) != 0;
        }
        filled = 1;
    }
    if (count != NULL) {
        *count = 3;
    }
    return table;
}

size_t demo_record_size(void)
{
    return sizeof(demo_record);
}

double demo_record_sum(const demo_record* r)
{
    return (double)r->tag + r->value + (double)r->id + (double)r->count + (double)r->length
        + (r->active ? 1.0 : 0.0);
}

void demo_packed_fill(demo_packed* out)
{
    out->kind = 3;
    out->length = 0x01020304u;
    out->crc = 0xBEEF;
}

size_t demo_packed_size(void)
{
    return sizeof(demo_packed);
}

double demo_value_as_double(demo_value v)
{
    return v.as_double;
}

void demo_bits_fill(demo_bits* out)
{
    memset(out, 0, sizeof(*out));
    out->ready = 1;
    out->mode = 5;
    out->level = 1000;
    out->tail = 0xCAFEu;
}

int demo_person_init(demo_person* out, const char* name, int x, int y)
{
    size_t len;
    if (out == NULL || name == NULL) {
        return DEMO_ERROR_INVALID;
    }
    memset(out, 0, sizeof(*out));
    len = strlen(name);
    if (len >= DEMO_MAX_NAME) {
        len = DEMO_MAX_NAME - 1;
    }
    memcpy(out->name, name, len);
    out->home.x = x;
    out->home.y = y;
    out->flags = 0xF0F0UL;
    return DEMO_ERROR_NONE;
}

/* ---- bool ----------------------------------------------------------------------------- */
/* The ABI (x86-64 SysV, AAPCS64) defines only the low byte of a C bool return; the rest of the
 * register is whatever the code left there, and optimising compilers do leave garbage (a bool
 * loaded from memory with movb, a flag merged into a wider value). A caller that reads a 4-byte
 * BOOL sees that garbage as "true". The assembly below makes that legal behaviour deterministic
 * so the sample misbehaves the same way every run; other compilers get the plain C version. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(_WIN32)
__attribute__((naked)) bool demo_is_even(int value __attribute__((unused)))
{
    __asm__ volatile(
        "movl $0x5A5A5A00, %eax\n\t"
        "testb $1, %dil\n\t"
        "sete %al\n\t"
        "ret\n\t");
}
#elif defined(__GNUC__) && defined(__aarch64__)
__attribute__((naked)) bool demo_is_even(int value __attribute__((unused)))
{
    __asm__ volatile(
        "mvn w1, w0\n\t"
        "and w1, w1, #1\n\t"
        "mov w0, #0x5a00\n\t"
        "orr w0, w0, w1\n\t"
        "ret\n\t");
}
#else
bool demo_is_even(int value)
{
    return (value & 1) == 0;
}
#endif

bool demo_all_positive(const int* items, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (items[i] <= 0) {
            return false;
        }
    }
    return true;
}

/* ---- wchar_t -------------------------------------------------------------------------- */
size_t demo_wcslen(const wchar_t* s)
{
    return s == NULL ? 0 : wcslen(s);
}

/* ---- strings -------------------------------------------------------------------------- */
char* demo_strdup_upper(const char* s)
{
    size_t len;
    size_t i;
    char* copy;
    if (s == NULL) {
        return NULL;
    }
    len = strlen(s);
    copy = demo_strndup_counted(s, len);
    if (copy != NULL) {
        for (i = 0; i < len; i++) {
            copy[i] = (char)toupper((unsigned char)copy[i]);
        }
    }
    return copy;
}

void demo_string_free(char* s)
{
    demo_free(s);
}

#define DEMO_STRINGIFY2(x) #x
#define DEMO_STRINGIFY(x) DEMO_STRINGIFY2(x)
static const char demo_version_text[] =
    "interopdemo " DEMO_STRINGIFY(DEMO_VERSION_MAJOR) "." DEMO_STRINGIFY(DEMO_VERSION_MINOR);

const char* demo_version(void)
{
    return demo_version_text;
}

const char* demo_color_name(demo_color color)
{
    switch (color) {
    case DEMO_RED: return "red";
    case DEMO_GREEN: return "green";
    case DEMO_BLUE: return "blue";
    default: return "unknown";
    }
}

int demo_split(const char* s, char*** parts)
{
    char** result;
    int count = 0;
    const char* start;
    const char* p;
    if (s == NULL || parts == NULL) {
        return DEMO_ERROR_INVALID;
    }
    result = (char**)demo_alloc(sizeof(char*) * DEMO_MAX_PARTS);
    if (result == NULL) {
        return DEMO_ERROR_INVALID;
    }
    start = s;
    for (p = s;; p++) {
        if (*p == ',' || *p == '\0') {
            if (count == DEMO_MAX_PARTS) {
                break;
            }
            result[count++] = demo_strndup_counted(start, (size_t)(p - start));
            if (*p == '\0') {
                break;
            }
            start = p + 1;
        }
    }
    *parts = result;
    return count;
}

void demo_split_free(char** parts, int count)
{
    int i;
    if (parts == NULL) {
        return;
    }
    for (i = 0; i < count; i++) {
        demo_free(parts[i]);
    }
    demo_free(parts);
}

/* ---- handles -------------------------------------------------------------------------- */
struct demo_buffer {
    unsigned char* data;
    size_t length;
    size_t capacity;
};

demo_buffer* demo_buffer_create(size_t capacity)
{
    demo_buffer* buffer = (demo_buffer*)demo_alloc(sizeof(demo_buffer));
    if (buffer == NULL) {
        return NULL;
    }
    buffer->data = (unsigned char*)demo_alloc(capacity == 0 ? 1 : capacity);
    buffer->length = 0;
    buffer->capacity = capacity;
    if (buffer->data == NULL) {
        demo_free(buffer);
        return NULL;
    }
    return buffer;
}

size_t demo_buffer_append(demo_buffer* buffer, const unsigned char* data, size_t len)
{
    size_t room;
    if (buffer == NULL || data == NULL) {
        return 0;
    }
    room = buffer->capacity - buffer->length;
    if (len > room) {
        len = room;
    }
    memcpy(buffer->data + buffer->length, data, len);
    buffer->length += len;
    return len;
}

size_t demo_buffer_length(const demo_buffer* buffer)
{
    return buffer == NULL ? 0 : buffer->length;
}

void demo_buffer_destroy(demo_buffer* buffer)
{
    if (buffer == NULL) {
        return;
    }
    demo_free(buffer->data);
    demo_free(buffer);
}

/* ---- callbacks ------------------------------------------------------------------------ */
static demo_log_fn stored_logger;
static void* stored_logger_user;
static int logger_calls;

void demo_set_logger(demo_log_fn fn, void* user)
{
    stored_logger = fn;
    stored_logger_user = user;
}

int demo_emit(const char* message)
{
    if (stored_logger != NULL) {
        stored_logger(stored_logger_user, 1, message);
        logger_calls++;
    }
    return logger_calls;
}

int demo_visit(const int* items, size_t n, demo_visit_fn fn, void* user)
{
    size_t i;
    int visited = 0;
    if (fn == NULL) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        visited++;
        if (fn(user, items[i], i) != 0) {
            break;
        }
    }
    return visited;
}

/* ---- variadic ------------------------------------------------------------------------- */
int demo_format(char* buf, size_t size, const char* fmt, ...)
{
    int written;
    va_list args;
    va_start(args, fmt);
    written = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return written;
}

/* ---- enums ---------------------------------------------------------------------------- */
demo_flags demo_flags_combine(demo_flags a, demo_flags b)
{
    return (demo_flags)(a | b);
}

demo_color demo_next_color(demo_color c)
{
    return (demo_color)((c + 1) % 3);
}
