# Constitutional rules: hold in every environment, for every actor, in normal and emergency mode.
package hale.governance.constitution

import data.hale.config

# Never change a service without a signed rollback artifact staged before the change.
deny contains {
	"rule": "constitution.rollback_staged",
	"message": sprintf("%s needs a staged rollback artifact whose signature verified", [input.action]),
} if {
	input.action in config.actions.require_rollback
	not rollback_ready
}

rollback_ready if {
	input.rollback.staged == true
	input.rollback.signature_verified == true
}

# Nothing is installed from an artifact whose signature did not verify (unsigned = blocked).
deny contains {
	"rule": "constitution.artifact_signed",
	"message": sprintf("%s needs an artifact whose signature verified", [input.action]),
} if {
	input.action in config.actions.require_artifact
	not input.artifact.signature_verified == true
}

# Never disable the evidence ledger, and never let a remediation change Hale's own control plane.
deny contains {
	"rule": "constitution.ledger_intact",
	"message": "the change would disable the evidence ledger",
} if {
	input.change.disables_ledger == true
}

deny contains {
	"rule": "constitution.ledger_intact",
	"message": sprintf("service %s is part of Hale's control plane and evidence ledger", [input.service.name]),
} if {
	input.service.name in config.protected_services
	not input.action == "diagnose"
}
