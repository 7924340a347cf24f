# Change windows (UTC) and freezes, judged against input.now. Read-only actions are always allowed:
# diagnosis changes nothing and a rollback must never wait for a window.
package hale.governance.change_window

import data.hale.config
import data.hale.lib.clock

windows := config.environments[input.environment].change_windows

mutating if not input.action in config.actions.read_only

today := clock.weekday(input.now)

now_minute := clock.minute_of_day(input.now)

# A window with start < end lies within one day.
open if {
	some w in windows
	clock.parse_hhmm(w.start) < clock.parse_hhmm(w.end)
	today in w.days
	clock.parse_hhmm(w.start) <= now_minute
	now_minute < clock.parse_hhmm(w.end)
}

# A window with start > end runs past midnight; it belongs to the day it starts on.
open if {
	some w in windows
	clock.parse_hhmm(w.start) > clock.parse_hhmm(w.end)
	today in w.days
	clock.parse_hhmm(w.start) <= now_minute
}

open if {
	some w in windows
	clock.parse_hhmm(w.start) > clock.parse_hhmm(w.end)
	clock.previous_day(today) in w.days
	now_minute < clock.parse_hhmm(w.end)
}

deny contains {
	"rule": "change_window.closed",
	"message": sprintf("no %s change window is open at %s (%s, UTC)", [input.environment, input.now, today]),
} if {
	mutating
	config.environments[input.environment]
	not open
}

deny contains {
	"rule": "change_window.freeze",
	"message": sprintf("change freeze %s is in force for %s until %s", [f.id, input.environment, f.end]),
} if {
	mutating
	some f in config.freezes
	input.environment in f.environments
	clock.epoch_seconds(f.start) <= clock.epoch_seconds(input.now)
	clock.epoch_seconds(input.now) < clock.epoch_seconds(f.end)
}
