/*
 * kern/printf.c: the formatting engine behind kprintf and ksnprintf.
 *
 * kprintf itself lives in kern/console.c, with the console lock; this
 * file has no state and no dependency on the machine, so the host unit
 * tests build it unchanged.
 */

#include <stdbool.h>
#include <stdint.h>

#include "kern/printf.h"

/* One conversion specification, as parsed from the format. */
struct spec {
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros */
	bool plus;     /* '+': always print a sign */
	bool space;    /* ' ': a space where a '+' would go */
	bool alt;      /* '#': 0x prefix for %x, leading 0 for %o */
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
};

struct out {
	printf_sink_t sink;
	void *arg;
	int count;
};

static void
emit(struct out *o, int c)
{
	o->sink(c, o->arg);
	o->count++;
}

static void
emit_repeat(struct out *o, int c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

/*
 * Print the magnitude `value' in `base' with an optional sign or prefix,
 * applying width, precision and the padding flags.
 */
static void
format_number(struct out *o, const struct spec *s, uintmax_t value,
	      unsigned base, bool negative, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 22 octal digits hold 64 bits */
	int len = 0;

	/* C: a zero value with a zero precision prints no digits. */
	if (!(value == 0 && s->precision == 0)) {
		do {
			buf[len++] = digits[value % base];
			value /= base;
		} while (value != 0);
	}

	const char *prefix = "";
	if (negative)
		prefix = "-";
	else if (s->plus)
		prefix = "+";
	else if (s->space)
		prefix = " ";
	else if (s->alt && base == 16 && len > 0 &&
		 !(len == 1 && buf[0] == '0'))
		prefix = upper ? "0X" : "0x";

	int zeros = s->precision > len ? s->precision - len : 0;
	if (s->alt && base == 8 && zeros == 0 &&
	    (len == 0 || buf[len - 1] != '0'))
		zeros = 1;
	int prefix_len = 0;
	while (prefix[prefix_len] != '\0')
		prefix_len++;

	int pad = s->width - (prefix_len + zeros + len);
	if (pad < 0)
		pad = 0;
	bool zero_pad = s->zero && !s->left && s->precision < 0;

	if (!s->left && !zero_pad)
		emit_repeat(o, ' ', pad);
	for (const char *p = prefix; *p != '\0'; p++)
		emit(o, *p);
	if (zero_pad)
		emit_repeat(o, '0', pad);
	emit_repeat(o, '0', zeros);
	while (len > 0)
		emit(o, buf[--len]);
	if (s->left)
		emit_repeat(o, ' ', pad);
}

static void
format_string(struct out *o, const struct spec *s, const char *str)
{
	if (str == NULL)
		str = "(null)";
	int len = 0;
	while (str[len] != '\0' && (s->precision < 0 || len < s->precision))
		len++;
	int pad = s->width > len ? s->width - len : 0;
	if (!s->left)
		emit_repeat(o, ' ', pad);
	for (int i = 0; i < len; i++)
		emit(o, str[i]);
	if (s->left)
		emit_repeat(o, ' ', pad);
}

/* Length modifiers, widest last. */
enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

static uintmax_t
fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static intmax_t
fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (intmax_t)va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

int
printf_format(printf_sink_t sink, void *arg, const char *fmt, va_list ap)
{
	struct out o = { sink, arg, 0 };
	va_list args;

	/* Work on a copy so helpers can take a pointer to it. */
	va_copy(args, ap);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			emit(&o, *p);
			continue;
		}
		const char *start = p++;
		struct spec s = { .precision = -1 };

		for (;; p++) {
			if (*p == '-')
				s.left = true;
			else if (*p == '0')
				s.zero = true;
			else if (*p == '+')
				s.plus = true;
			else if (*p == ' ')
				s.space = true;
			else if (*p == '#')
				s.alt = true;
			else
				break;
		}
		if (*p == '*') {
			s.width = va_arg(args, int);
			if (s.width < 0) {
				s.left = true;
				s.width = -s.width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				s.width = s.width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			s.precision = 0;
			if (*p == '*') {
				s.precision = va_arg(args, int);
				if (s.precision < 0)
					s.precision = -1;
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					s.precision =
						s.precision * 10 + (*p++ - '0');
			}
		}

		enum length len = LEN_NONE;
		switch (*p) {
		case 'h':
			len = LEN_H;
			if (p[1] == 'h') {
				len = LEN_HH;
				p++;
			}
			p++;
			break;
		case 'l':
			len = LEN_L;
			if (p[1] == 'l') {
				len = LEN_LL;
				p++;
			}
			p++;
			break;
		case 'z':
			len = LEN_Z;
			p++;
			break;
		case 't':
			len = LEN_T;
			p++;
			break;
		case 'j':
			len = LEN_J;
			p++;
			break;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			intmax_t v = fetch_signed(len, &args);
			uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
			format_number(&o, &s, mag, 10, v < 0, false);
			break;
		}
		case 'u':
			s.plus = s.space = false;
			format_number(&o, &s, fetch_unsigned(len, &args), 10,
				      false, false);
			break;
		case 'x':
		case 'X':
			s.plus = s.space = false;
			format_number(&o, &s, fetch_unsigned(len, &args), 16,
				      false, *p == 'X');
			break;
		case 'o':
			s.plus = s.space = false;
			format_number(&o, &s, fetch_unsigned(len, &args), 8,
				      false, false);
			break;
		case 'p': {
			/* Always 0x and 16 digits, so addresses line up. */
			struct spec ps = { .precision = 16 };
			int pad = s.width > 18 ? s.width - 18 : 0;
			if (!s.left)
				emit_repeat(&o, ' ', pad);
			emit(&o, '0');
			emit(&o, 'x');
			format_number(&o, &ps, (uintptr_t)va_arg(args, void *),
				      16, false, false);
			if (s.left)
				emit_repeat(&o, ' ', pad);
			break;
		}
		case 's':
			format_string(&o, &s, va_arg(args, const char *));
			break;
		case 'c': {
			char c[2] = { (char)va_arg(args, int), '\0' };
			s.precision = -1;
			if (c[0] == '\0') {
				/* Still one character wide. */
				int pad = s.width > 1 ? s.width - 1 : 0;
				if (!s.left)
					emit_repeat(&o, ' ', pad);
				emit(&o, '\0');
				if (s.left)
					emit_repeat(&o, ' ', pad);
			} else {
				format_string(&o, &s, c);
			}
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		default:
			/* Unknown conversion: print it as written. */
			for (const char *q = start; q <= p && *q != '\0'; q++)
				emit(&o, *q);
			if (*p == '\0')
				p--;
			break;
		}
	}
	va_end(args);
	return o.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t len;
};

static void
buffer_put(int c, void *arg)
{
	struct buffer *b = arg;
	if (b->len + 1 < b->size)
		b->buf[b->len] = (char)c;
	b->len++;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = { buf, size, 0 };
	int n = printf_format(buffer_put, &b, fmt, ap);
	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
