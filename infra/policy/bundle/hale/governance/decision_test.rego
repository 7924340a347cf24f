package hale.governance_test

import data.hale.governance
import data.hale.governance.fixtures

test_allowed_change if {
	d := governance.decision with input as fixtures.change
	d.allow == true
	d.deny == set()
	d.action_class == "mutating"
	d.read_only_ok == false
}

test_read_only_actions_are_read_only_ok if {
	d := governance.decision with input as fixtures.rollback
	d.allow == true
	d.action_class == "read_only"
	d.read_only_ok == true
	g := governance.decision with input as fixtures.diagnose
	g.read_only_ok == true
}

test_denied_read_only_action_is_not_read_only_ok if {
	d := governance.decision with input as object.union(fixtures.diagnose, {"actor": {"id": "eve", "roles": []}})
	d.allow == false
	d.read_only_ok == false
	fixtures.rules(d) == {"rbac.launch_role"}
}

test_unknown_environment if {
	d := governance.decision with input as object.union(fixtures.change, {"environment": "moon"})
	fixtures.rules(d) == {"governance.unknown_environment"}
}

test_every_deny_names_a_rule_and_a_message if {
	bad := object.union(fixtures.change, {
		"now": "2026-03-07T20:00:00Z",
		"targets": fixtures.hosts(6, "ap-south-1"),
		"actor": {"id": "eve", "roles": ["intern"]},
		"change": {"disables_ledger": true},
	})
	d := governance.decision with input as bad
	d.allow == false
	fixtures.rules(d) == {
		"change_window.closed", "blast_radius.max_hosts", "blast_radius.max_fraction",
		"sovereignty.host_region", "constitution.ledger_intact", "rbac.launch_role",
	}
	every x in d.deny {
		count(x.message) > 0
		count(x.rule) > 0
	}
}

test_malformed_input_is_denied if {
	d := governance.decision with input as {}
	d.allow == false
	"governance.input_malformed" in fixtures.rules(d)
	m := governance.decision with input as object.remove(fixtures.change, ["change"])
	fixtures.rules(m) == {"governance.input_malformed"}
	s := governance.decision with input as object.union(fixtures.change, {"service": {"total_hosts": "8"}})
	s.allow == false
}
