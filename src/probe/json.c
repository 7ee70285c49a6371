/* JSON output. Strings come from the workload (kernel version, CPU model, paths) and may hold any
 * byte: control characters are escaped, invalid UTF-8 becomes U+FFFD, and long strings are cut so
 * the report stays within what parseProbeReport accepts (512 UTF-16 units per string). */
#include "probe.h"

#include <math.h>

#define JSON_TEXT_LIMIT 500

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0 when invalid. */
static int utf8_sequence(const unsigned char *s, uint32_t *cp)
{
    int len;
    uint32_t c = s[0], min;
    if (c < 0x80) { *cp = c; return 1; }
    if ((c & 0xe0) == 0xc0) { len = 2; c &= 0x1f; min = 0x80; }
    else if ((c & 0xf0) == 0xe0) { len = 3; c &= 0x0f; min = 0x800; }
    else if ((c & 0xf8) == 0xf0) { len = 4; c &= 0x07; min = 0x10000; }
    else return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0; /* also stops at the terminating NUL */
        c = (c << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, UTF-16 surrogates and values past Unicode are not valid UTF-8. */
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
    *cp = c;
    return len;
}

void json_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int units = 0;
    fputc('"', out);
    while (*p) {
        uint32_t cp;
        int len = utf8_sequence(p, &cp);
        int width = len == 4 ? 2 : 1; /* code points past the BMP are two UTF-16 units in JS */
        if (units + width > JSON_TEXT_LIMIT) {
            fputs("\\u2026", out); /* an ellipsis marks the cut */
            break;
        }
        units += width;
        if (len == 0) {
            fputs("\\ufffd", out);
            p++;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            fputc('\\', out);
            fputc((int)cp, out);
        } else if (cp < 0x20 || cp == 0x7f) {
            fprintf(out, "\\u%04x", (unsigned)cp);
        } else {
            fwrite(p, 1, (size_t)len, out);
        }
        p += len;
    }
    fputc('"', out);
}

void json_number(FILE *out, double value)
{
    /* JSON has no NaN or infinity; callers check, this is the last line of defence. */
    if (!isfinite(value)) value = 0;
    fprintf(out, "%.6g", value);
}
