/*
 * arch/x86_64/rtc.c: the PC's battery-backed clock (the MC146818 in the
 * CMOS), read once at boot for the time of day (machdep.h).
 */

#include <machine/cpu.h>
#include <machine/machdep.h>

#define RTC_INDEX 0x70
#define RTC_DATA  0x71

#define RTC_SECONDS  0x00
#define RTC_MINUTES  0x02
#define RTC_HOURS    0x04
#define RTC_DAY      0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_CENTURY  0x32 /* the ACPI century register QEMU and PCs have */

#define RTC_A_UPDATING 0x80 /* an update is under way: wait */
#define RTC_B_24HOUR   0x02
#define RTC_B_BINARY   0x04 /* values in binary, not BCD */
#define RTC_HOUR_PM    0x80

static uint8_t
rtc_read(uint8_t reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

struct rtc_time {
	unsigned sec, min, hour, day, month, year, century;
};

static void
rtc_read_all(struct rtc_time *t)
{
	while (rtc_read(RTC_STATUS_A) & RTC_A_UPDATING)
		cpu_relax();
	t->sec = rtc_read(RTC_SECONDS);
	t->min = rtc_read(RTC_MINUTES);
	t->hour = rtc_read(RTC_HOURS);
	t->day = rtc_read(RTC_DAY);
	t->month = rtc_read(RTC_MONTH);
	t->year = rtc_read(RTC_YEAR);
	t->century = rtc_read(RTC_CENTURY);
}

static unsigned
bcd(unsigned v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t
arch_rtc_seconds(void)
{
	struct rtc_time a, b;

	/* Twice alike, so no update fell between the reads. */
	rtc_read_all(&a);
	do {
		b = a;
		rtc_read_all(&a);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		 a.day != b.day || a.month != b.month || a.year != b.year);

	uint8_t status = rtc_read(RTC_STATUS_B);
	bool pm = (a.hour & RTC_HOUR_PM) != 0;
	a.hour &= ~RTC_HOUR_PM;
	if (!(status & RTC_B_BINARY)) {
		a.sec = bcd(a.sec);
		a.min = bcd(a.min);
		a.hour = bcd(a.hour);
		a.day = bcd(a.day);
		a.month = bcd(a.month);
		a.year = bcd(a.year);
		a.century = bcd(a.century);
	}
	if (!(status & RTC_B_24HOUR) && pm)
		a.hour = (a.hour + 12) % 24;
	else if (!(status & RTC_B_24HOUR) && a.hour == 12)
		a.hour = 0;
	unsigned year = a.year + (a.century >= 19 && a.century <= 99
					  ? a.century * 100
					  : (a.year < 70 ? 2000 : 1900));
	if (a.month < 1 || a.month > 12 || a.day < 1 || a.day > 31 ||
	    a.hour > 23 || a.min > 59 || a.sec > 60)
		return 0; /* no clock, or nonsense in it */
	return days_from_civil(year, a.month, a.day) * 86400 +
	       (int64_t)a.hour * 3600 + a.min * 60 + a.sec;
}
