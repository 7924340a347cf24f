# RBAC: which roles may launch a change or approve one, per environment; nobody approves their own.
package hale.governance.rbac

import data.hale.config

roles := config.environments[input.environment].roles

has_role(intent) if {
	some role in input.actor.roles
	role in roles[intent]
}

deny contains {
	"rule": "rbac.launch_role",
	"message": sprintf("%s has none of the roles that may launch changes in %s (%s)", [
		input.actor.id,
		input.environment,
		concat(", ", roles.launch),
	]),
} if {
	input.intent == "launch"
	roles
	not has_role("launch")
}

deny contains {
	"rule": "rbac.approve_role",
	"message": sprintf("%s has none of the roles that may approve changes in %s (%s)", [
		input.actor.id,
		input.environment,
		concat(", ", roles.approve),
	]),
} if {
	input.intent == "approve"
	roles
	not has_role("approve")
}

deny contains {
	"rule": "rbac.self_approval",
	"message": sprintf("%s requested this change and cannot also approve it", [input.actor.id]),
} if {
	input.intent == "approve"
	input.actor.id == input.requested_by
}
