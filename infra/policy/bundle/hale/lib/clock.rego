# Calendar arithmetic on input.now. The wasm SDK has no time builtins (no time.now_ns, time.weekday,
# time.parse_rfc3339_ns), so the caller passes the clock as an RFC 3339 UTC timestamp
# ("2026-03-03T10:15:00Z", optional fraction; enforced by governance.input.v1) and Rego reads its digits.
package hale.lib.clock

# Day names indexed by (days since 1970-01-01 + 4) % 7: 1970-01-01 was a Thursday.
day_names := ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

digit(ts, i) := indexof("0123456789", substring(ts, i, 1))

two_digits(ts, i) := (10 * digit(ts, i)) + digit(ts, i + 1)

year(ts) := (100 * two_digits(ts, 0)) + two_digits(ts, 2)

month(ts) := two_digits(ts, 5)

day(ts) := two_digits(ts, 8)

hour(ts) := two_digits(ts, 11)

minute(ts) := two_digits(ts, 14)

second(ts) := two_digits(ts, 17)

# Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
days_from_civil(y, m, d) := n if {
	yy := y - march_based_year_offset(m)
	era := floor(yy / 400)
	yoe := yy - (era * 400)
	mp := (m + 9) % 12
	doy := (floor(((153 * mp) + 2) / 5) + d) - 1
	doe := (((yoe * 365) + floor(yoe / 4)) - floor(yoe / 100)) + doy
	n := ((era * 146097) + doe) - 719468
}

march_based_year_offset(m) := 1 if m <= 2

march_based_year_offset(m) := 0 if m > 2

days(ts) := days_from_civil(year(ts), month(ts), day(ts))

# Seconds since the Unix epoch (fractions dropped).
epoch_seconds(ts) := (((days(ts) * 86400) + (hour(ts) * 3600)) + (minute(ts) * 60)) + second(ts)

weekday(ts) := day_names[(days(ts) + 4) % 7]

# The weekday before `name` (for windows that run past midnight).
previous_day(name) := day_names[(i + 6) % 7] if {
	some i, n in day_names
	n == name
}

minute_of_day(ts) := (hour(ts) * 60) + minute(ts)

# "HH:MM" → minutes since midnight; "24:00" is the end of the day.
parse_hhmm(s) := (two_digits(s, 0) * 60) + two_digits(s, 3)
