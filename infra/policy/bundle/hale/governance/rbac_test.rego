package hale.governance.rbac_test

import data.hale.governance
import data.hale.governance.fixtures

acting(i, intent, id, roles) := object.union(i, {"intent": intent, "actor": {"id": id, "roles": roles}})

test_launch_roles_per_environment if {
	d := governance.decision with input as acting(fixtures.change, "launch", "dev@example.com", ["developer"])
	fixtures.rules(d) == {"rbac.launch_role"}
	s := governance.decision with input as object.union(acting(fixtures.change, "launch", "dev@example.com", ["developer"]), {"environment": "staging"})
	s.allow == true
}

test_approve_roles if {
	ok := governance.decision with input as acting(fixtures.change, "approve", "lead@example.com", ["sre-lead"])
	ok.allow == true
	d := governance.decision with input as acting(fixtures.change, "approve", "sre@example.com", ["sre"])
	fixtures.rules(d) == {"rbac.approve_role"}
}

test_no_self_approval if {
	d := governance.decision with input as acting(fixtures.change, "approve", "rca-agent@1.4", ["sre-lead"])
	fixtures.rules(d) == {"rbac.self_approval"}
}

test_no_roles if {
	d := governance.decision with input as acting(fixtures.rollback, "launch", "nobody", [])
	[x] := [x | some x in d.deny]
	x.message == "nobody has none of the roles that may launch changes in production (sre, release-manager, hale-pipeline)"
}
