# Inputs shared by the policy tests (a *_test.rego file, so `opa build --ignore '*_test.rego'` leaves it out).
package hale.governance.fixtures

# A Tuesday, 10:15 UTC: inside the production window.
change := {
	"now": "2026-03-03T10:15:00Z",
	"request_id": "rem-2026-03-03-demo-api-1",
	"environment": "production",
	"action": "apply_patch",
	"intent": "launch",
	"actor": {"id": "hale-pipeline", "roles": ["hale-pipeline"]},
	"requested_by": "rca-agent@1.4",
	"service": {"name": "demo-api", "data_class": "internal", "total_hosts": 8},
	"targets": [{"host": "web-1", "region": "eu-west-1"}],
	"artifact": {
		"ref": "local://python-wheel/demo-api/1.0.2/demo_api-1.0.2-py3-none-any.whl",
		"digest": "sha256:3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8557",
		"region": "eu-west-1",
		"signature_verified": true,
	},
	"rollback": {
		"artifact_ref": "local://python-wheel/demo-api/1.0.1/demo_api-1.0.1-py3-none-any.whl",
		"region": "eu-west-1",
		"staged": true,
		"signature_verified": true,
	},
	"change": {"disables_ledger": false},
}

rollback := object.remove(object.union(change, {"action": "rollback"}), ["artifact"])

diagnose := object.remove(object.union(change, {"action": "diagnose"}), ["artifact", "rollback"])

hosts(n, region) := [{"host": sprintf("web-%s", [format_int(i, 10)]), "region": region} | some i in numbers.range(1, n)]

rules(decision) := {d.rule | some d in decision.deny}
