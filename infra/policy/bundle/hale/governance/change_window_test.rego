package hale.governance.change_window_test

import data.hale.governance
import data.hale.governance.fixtures

at(i, now) := object.union(i, {"now": now})

night_windows := {"production": {"change_windows": [{"days": ["fri"], "start": "22:00", "end": "02:00"}]}}

test_inside_and_outside_the_window if {
	# production: Mon-Thu 08:00-17:00 UTC.
	fixtures.rules(governance.decision) == set() with input as at(fixtures.change, "2026-03-05T08:00:00Z")
	fixtures.rules(governance.decision) == {"change_window.closed"} with input as at(fixtures.change, "2026-03-05T17:00:00Z")
	fixtures.rules(governance.decision) == {"change_window.closed"} with input as at(fixtures.change, "2026-03-05T07:59:59.999Z")
	fixtures.rules(governance.decision) == {"change_window.closed"} with input as at(fixtures.change, "2026-03-06T10:00:00Z")
}

test_closed_message if {
	d := governance.decision with input as at(fixtures.change, "2026-03-07T20:00:00Z")
	[x] := [x | some x in d.deny]
	x.message == "no production change window is open at 2026-03-07T20:00:00Z (sat, UTC)"
}

test_window_past_midnight if {
	fixtures.rules(governance.decision) == set() with input as at(fixtures.change, "2026-03-06T23:30:00Z")
		with data.hale.config.environments as night_windows
	fixtures.rules(governance.decision) == set() with input as at(fixtures.change, "2026-03-07T01:59:00Z")
		with data.hale.config.environments as night_windows
	fixtures.rules(governance.decision) == {"change_window.closed"} with input as at(fixtures.change, "2026-03-07T02:00:00Z")
		with data.hale.config.environments as night_windows
	fixtures.rules(governance.decision) == {"change_window.closed"} with input as at(fixtures.change, "2026-03-06T01:00:00Z")
		with data.hale.config.environments as night_windows
}

test_freeze if {
	# Thursday 2026-12-24, inside the window but in the year-end freeze.
	d := governance.decision with input as at(fixtures.change, "2026-12-24T10:00:00Z")
	fixtures.rules(d) == {"change_window.freeze"}
	after := governance.decision with input as at(fixtures.change, "2027-01-07T10:00:00Z")
	after.allow == true
	staging := governance.decision with input as at(object.union(fixtures.change, {"environment": "staging"}), "2026-12-24T10:00:00Z")
	staging.allow == true
}

test_read_only_actions_ignore_windows if {
	d := governance.decision with input as at(fixtures.rollback, "2026-12-26T03:00:00Z")
	d.allow == true
	d.read_only_ok == true
}
