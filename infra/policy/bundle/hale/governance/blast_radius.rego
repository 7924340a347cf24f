# Blast-radius caps: how many hosts one change may touch, absolutely and as a share of the service.
# Read-only actions (diagnosis, rollback) are not capped: a rollback restores what was there.
package hale.governance.blast_radius

import data.hale.config

caps := config.environments[input.environment].blast_radius

mutating if not input.action in config.actions.read_only

hosts := {t.host | some t in input.targets}

# One host is always allowed, so a single-host canary is possible on any service.
fraction_limit := max([1, floor(caps.max_fraction * input.service.total_hosts)])

deny contains {
	"rule": "blast_radius.max_hosts",
	"message": sprintf("the change touches %s hosts; %s allows at most %s", [
		format_int(count(hosts), 10),
		input.environment,
		format_int(caps.max_hosts, 10),
	]),
} if {
	mutating
	count(hosts) > caps.max_hosts
}

deny contains {
	"rule": "blast_radius.max_fraction",
	"message": sprintf("the change touches %s of %s hosts of %s; %s allows at most %s (%s%%)", [
		format_int(count(hosts), 10),
		format_int(input.service.total_hosts, 10),
		input.service.name,
		input.environment,
		format_int(fraction_limit, 10),
		format_int(round(caps.max_fraction * 100), 10),
	]),
} if {
	mutating
	count(hosts) > fraction_limit
}
