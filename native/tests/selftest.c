/* C-side self-test: the library does what its header says, independent of any C# binding. */
#include "interopdemo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static int log_calls;
static void count_log(void* user, int level, const char* message)
{
    (void)level;
    (void)message;
    *(int*)user += 1;
    log_calls++;
}

static int stop_at_negative(void* user, int item, size_t index)
{
    (void)user;
    (void)index;
    return item < 0;
}

int main(void)
{
    unsigned char data[8192];
    size_t i;
    unsigned long expected = 0;
    demo_record record;
    demo_packed packed;
    demo_person person;
    char* upper;
    char** parts = NULL;
    int count;
    demo_buffer* buffer;
    int calls = 0;
    int items[] = {3, 4, -1, 9};
    char text[32];

    for (i = 0; i < sizeof(data); i++) {
        data[i] = (unsigned char)(i * 31 + 7);
        expected += (unsigned long)data[i] * (unsigned long)(i + 1);
    }
    CHECK(demo_checksum(data, sizeof(data)) == expected);
    CHECK(demo_add_long(2, 3) == 5);
    CHECK(demo_scale(3.0, 0.5f) == 1.5);

    demo_record_fill(&record);
    CHECK(demo_record_size() == sizeof(demo_record));
    CHECK(record.tag == 'R' && record.id == 7 && record.length == 42 && record.active);
    {
        size_t n = 0;
        const demo_record* table = demo_record_table(&n);
        CHECK(n == 3 && table[2].id == 3 && table[1].length == 84 && !table[1].active);
    }
    demo_packed_fill(&packed);
    CHECK(demo_packed_size() == 7);
    CHECK(packed.crc == 0xBEEF);
    CHECK(demo_person_init(&person, "a name longer than sixteen", 1, -2) == DEMO_ERROR_NONE);
    CHECK(strlen(person.name) == DEMO_MAX_NAME - 1);

    CHECK(demo_is_even(4) && !demo_is_even(3));
    CHECK(demo_wcslen(L"h\u00e9llo") == 5);

    upper = demo_strdup_upper("hello");
    CHECK(strcmp(upper, "HELLO") == 0);
    CHECK(demo_live_allocations() == 1);
    demo_string_free(upper);
    CHECK(strcmp(demo_version(), "interopdemo 1.4") == 0);

    count = demo_split("a,bb,,ccc", &parts);
    CHECK(count == 4 && strcmp(parts[3], "ccc") == 0);
    demo_split_free(parts, count);

    buffer = demo_buffer_create(4);
    CHECK(demo_buffer_append(buffer, data, 10) == 4);
    demo_buffer_destroy(buffer);
    CHECK(demo_live_allocations() == 0);

    demo_set_logger(count_log, &calls);
    demo_emit("one");
    demo_emit("two");
    CHECK(calls == 2);
    demo_set_logger(NULL, NULL);
    CHECK(demo_visit(items, 4, stop_at_negative, NULL) == 3);

    CHECK(demo_format(text, sizeof(text), "%d-%s", 42, "x") == 4 && strcmp(text, "42-x") == 0);
#if !defined(_MSC_VER) /* MSVC enums are int-sized: DEMO_BIG does not survive there */
    CHECK(sizeof(demo_flags) == 8);
    CHECK(demo_flags_combine(DEMO_FLAG_SMALL, DEMO_BIG) == (demo_flags)0x100000001ULL);
#endif

    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("interopdemo self-test passed\n");
    return 0;
}
