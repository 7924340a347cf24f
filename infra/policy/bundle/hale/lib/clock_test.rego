package hale.lib.clock_test

import data.hale.lib.clock

test_epoch_start if {
	clock.days("1970-01-01T00:00:00Z") == 0
	clock.weekday("1970-01-01T00:00:00Z") == "thu"
}

test_epoch_seconds_matches_unix_time if {
	# date -u -d 2026-03-03T10:15:30Z +%s
	clock.epoch_seconds("2026-03-03T10:15:30Z") == 1772532930
	clock.epoch_seconds("2000-02-29T23:59:59.999Z") == 951868799
}

test_weekdays if {
	clock.weekday("2026-03-02T12:00:00Z") == "mon"
	clock.weekday("2026-03-08T23:59:00Z") == "sun"
	clock.weekday("2024-02-29T00:00:00Z") == "thu"
	clock.weekday("2027-01-01T00:00:00Z") == "fri"
}

test_minute_of_day if {
	clock.minute_of_day("2026-03-03T00:00:00Z") == 0
	clock.minute_of_day("2026-03-03T23:59:59Z") == 1439
	clock.parse_hhmm("24:00") == 1440
	clock.parse_hhmm("08:30") == 510
}

test_previous_day if {
	clock.previous_day("mon") == "sun"
	clock.previous_day("sun") == "sat"
}
