# The one entrypoint: hale/governance/decision. Input: governance.input.v1; output: the policy part of
# governance.decision.v1 (Hale adds `emergency` and `policy`, and sorts `deny` by rule and message:
# the wasm runtime does not order a set of objects). Every deny names the rule that fired.
package hale.governance

import data.hale.config
import data.hale.governance.blast_radius
import data.hale.governance.change_window
import data.hale.governance.constitution
import data.hale.governance.rbac
import data.hale.governance.sovereignty

deny contains d if some d in constitution.deny

deny contains d if some d in sovereignty.deny

deny contains d if some d in blast_radius.deny

deny contains d if some d in change_window.deny

deny contains d if some d in rbac.deny

# An environment the policy does not know gets nothing (the per-environment rules need its entry).
deny contains {
	"rule": "governance.unknown_environment",
	"message": sprintf("environment %s is not in the policy", [input.environment]),
} if {
	not config.environments[input.environment]
}

# Fail closed on input that skipped schema validation: a rule whose message needs a missing field
# would otherwise produce no denial at all.
well_formed if {
	is_string(input.now)
	is_string(input.request_id)
	is_string(input.environment)
	is_string(input.action)
	is_string(input.intent)
	is_string(input.actor.id)
	is_array(input.actor.roles)
	is_string(input.service.name)
	is_string(input.service.data_class)
	is_number(input.service.total_hosts)
	is_array(input.targets)
	count(input.targets) > 0
	is_boolean(input.change.disables_ledger)
}

deny contains {
	"rule": "governance.input_malformed",
	"message": "the input lacks fields governance.input.v1 requires; nothing is allowed",
} if {
	not well_formed
}

read_only if input.action in config.actions.read_only

default action_class := "mutating"

action_class := "read_only" if read_only

allow := count(deny) == 0

# Allowed, and of the kind the emergency policy cache may still allow (diagnosis, rollback).
default read_only_ok := false

read_only_ok if {
	allow
	read_only
}

decision := {
	"allow": allow,
	"deny": deny,
	"read_only_ok": read_only_ok,
	"action_class": action_class,
}
