package hale.governance.blast_radius_test

import data.hale.governance
import data.hale.governance.fixtures

with_hosts(i, n, total) := object.union(i, {"targets": fixtures.hosts(n, "eu-west-1"), "service": {"total_hosts": total}})

test_max_fraction if {
	# 25% of 8 hosts = 2.
	ok := governance.decision with input as with_hosts(fixtures.change, 2, 8)
	ok.allow == true
	d := governance.decision with input as with_hosts(fixtures.change, 3, 8)
	fixtures.rules(d) == {"blast_radius.max_fraction"}
}

test_max_hosts if {
	# 5 of 100 is under 25%, 6 is over the absolute cap.
	ok := governance.decision with input as with_hosts(fixtures.change, 5, 100)
	ok.allow == true
	d := governance.decision with input as with_hosts(fixtures.change, 6, 100)
	fixtures.rules(d) == {"blast_radius.max_hosts"}
}

test_one_host_is_always_allowed if {
	d := governance.decision with input as with_hosts(fixtures.change, 1, 1)
	d.allow == true
}

test_duplicate_targets_count_once if {
	d := governance.decision with input as object.union(fixtures.change, {"targets": [
		{"host": "web-1", "region": "eu-west-1"},
		{"host": "web-1", "region": "eu-west-1"},
		{"host": "web-1", "region": "eu-west-1"},
	]})
	d.allow == true
}

test_rollback_is_not_capped if {
	d := governance.decision with input as with_hosts(fixtures.rollback, 8, 8)
	d.allow == true
}

test_message_names_the_numbers if {
	d := governance.decision with input as with_hosts(fixtures.change, 3, 8)
	[x] := [x | some x in d.deny]
	x.message == "the change touches 3 of 8 hosts of demo-api; production allows at most 2 (25%)"
}
