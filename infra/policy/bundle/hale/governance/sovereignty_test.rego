package hale.governance.sovereignty_test

import data.hale.governance
import data.hale.governance.fixtures

pii_eu(i) := object.union(i, {"service": {"data_class": "pii-eu"}})

test_eu_data_stays_in_the_eu if {
	d := governance.decision with input as pii_eu(fixtures.change)
	d.allow == true
	us := governance.decision with input as pii_eu(object.union(fixtures.change, {"targets": [{"host": "web-9", "region": "us-east-1"}]}))
	fixtures.rules(us) == {"sovereignty.host_region"}
}

test_artifact_region if {
	d := governance.decision with input as pii_eu(object.union(fixtures.change, {"artifact": {"region": "us-east-1"}}))
	fixtures.rules(d) == {"sovereignty.artifact_region"}
	r := governance.decision with input as pii_eu(object.union(fixtures.rollback, {"rollback": {"region": "us-west-2"}}))
	fixtures.rules(r) == {"sovereignty.artifact_region"}
}

test_host_region_applies_to_read_only_actions if {
	d := governance.decision with input as pii_eu(object.union(fixtures.diagnose, {"targets": [{"host": "web-9", "region": "us-east-1"}]}))
	fixtures.rules(d) == {"sovereignty.host_region"}
}

test_one_entry_for_many_hosts if {
	d := governance.decision with input as object.union(fixtures.rollback, {"targets": fixtures.hosts(7, "ap-south-1")})
	[x] := [x | some x in d.deny]
	x.rule == "sovereignty.host_region"
	x.message == "hosts web-1, web-2, web-3, web-4, web-5 and 2 more are in regions ap-south-1, not allowed for internal data"
}

test_unknown_data_class_fails_closed if {
	d := governance.decision with input as object.union(fixtures.diagnose, {"service": {"data_class": "secret"}})
	fixtures.rules(d) == {"sovereignty.unknown_data_class"}
}

test_public_data_goes_anywhere if {
	d := governance.decision with input as object.union(fixtures.change, {
		"service": {"data_class": "public"},
		"targets": [{"host": "web-1", "region": "ap-south-1"}],
		"artifact": {"region": "sa-east-1"},
	})
	d.allow == true
}
