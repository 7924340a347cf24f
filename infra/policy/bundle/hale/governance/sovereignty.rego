# Data sovereignty: artifacts and target hosts must sit in regions the service's data class allows.
package hale.governance.sovereignty

import data.hale.config

allowed_regions := config.data_classes[input.service.data_class].allowed_regions

region_allowed(region) if {
	some pattern in allowed_regions

	# "/" never occurs in a region name, so "*" spans a whole name ("eu-*" matches "eu-west-1").
	glob.match(pattern, ["/"], region)
}

deny contains {
	"rule": "sovereignty.unknown_data_class",
	"message": sprintf("data class %s is not in the policy; nothing may change", [input.service.data_class]),
} if {
	not config.data_classes[input.service.data_class]
}

deny contains {
	"rule": "sovereignty.artifact_region",
	"message": sprintf("%s artifact comes from region %s, not allowed for %s data", [kind, region, input.service.data_class]),
} if {
	config.data_classes[input.service.data_class]
	some kind, region in artifact_regions
	not region_allowed(region)
}

artifact_regions["change"] := input.artifact.region

artifact_regions["rollback"] := input.rollback.region

# One entry for all offending hosts (the first five by name, then a count), not one per host.
bad_hosts contains t.host if {
	some t in input.targets
	not region_allowed(t.region)
}

bad_host_regions contains t.region if {
	some t in input.targets
	not region_allowed(t.region)
}

more_hosts := "" if count(bad_hosts) <= 5

more_hosts := sprintf(" and %s more", [format_int(count(bad_hosts) - 5, 10)]) if count(bad_hosts) > 5

deny contains {
	"rule": "sovereignty.host_region",
	"message": sprintf("hosts %s%s are in regions %s, not allowed for %s data", [
		concat(", ", array.slice(sort(bad_hosts), 0, 5)),
		more_hosts,
		concat(", ", sort(bad_host_regions)),
		input.service.data_class,
	]),
} if {
	config.data_classes[input.service.data_class]
	count(bad_hosts) > 0
}
