package hale.governance.constitution_test

import data.hale.governance
import data.hale.governance.fixtures

test_rollback_must_be_staged if {
	d := governance.decision with input as object.union(fixtures.change, {"rollback": {"staged": false, "signature_verified": true}})
	fixtures.rules(d) == {"constitution.rollback_staged"}
}

test_rollback_must_be_verified if {
	d := governance.decision with input as object.remove(fixtures.change, ["rollback"])
	fixtures.rules(d) == {"constitution.rollback_staged"}
	r := governance.decision with input as object.union(fixtures.rollback, {"rollback": {"staged": true, "signature_verified": false}})
	fixtures.rules(r) == {"constitution.rollback_staged"}
}

test_restart_needs_no_rollback_artifact if {
	d := governance.decision with input as object.remove(object.union(fixtures.change, {"action": "restart"}), ["artifact", "rollback"])
	d.allow == true
}

test_artifact_must_be_signed if {
	d := governance.decision with input as object.union(fixtures.change, {"artifact": {"signature_verified": false}})
	fixtures.rules(d) == {"constitution.artifact_signed"}
	m := governance.decision with input as object.remove(fixtures.change, ["artifact"])
	fixtures.rules(m) == {"constitution.artifact_signed"}
}

test_never_disable_the_ledger if {
	d := governance.decision with input as object.union(fixtures.change, {"change": {"disables_ledger": true}})
	fixtures.rules(d) == {"constitution.ledger_intact"}
}

test_control_plane_services_are_protected if {
	d := governance.decision with input as object.union(fixtures.rollback, {"service": {"name": "hale-ledger"}})
	fixtures.rules(d) == {"constitution.ledger_intact"}
	g := governance.decision with input as object.union(fixtures.diagnose, {"service": {"name": "hale-ledger"}})
	g.allow == true
}
