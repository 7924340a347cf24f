"""demo-api integration tests (standard library only), run by the runner's blue/green `verify` step.

The service runs beside these tests inside the sandbox; HALE_TARGET_URL says where
(default http://127.0.0.1:18999). Waits for GET /health, then checks:
  GET /health     -> 200, JSON with status "ok"
  GET /api/price  -> 200, JSON with a numeric price
  POST /orders    -> 2xx
Prints one line per check; exits 1 naming the first failing check, 2 when the service never
became healthy.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

TARGET = os.environ.get("HALE_TARGET_URL", "http://127.0.0.1:18999").rstrip("/")
WAIT_S = float(os.environ.get("HALE_TEST_WAIT_S", "20"))


class CheckFailed(Exception):
    pass


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(TARGET + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=5) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_healthy():
    deadline = time.monotonic() + WAIT_S
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            status, _ = call("GET", "/health")
            if status == 200:
                return
            last = f"HTTP {status}"
        except (urllib.error.URLError, OSError) as err:
            last = str(err)
        time.sleep(0.1)
    print(f"FAIL wait for health: {TARGET}/health not healthy after {WAIT_S:g}s ({last})")
    sys.exit(2)


def json_of(name, raw):
    try:
        return json.loads(raw)
    except ValueError:
        raise CheckFailed(f"{name}: body is not JSON: {raw[:200]!r}")


def check_health():
    status, raw = call("GET", "/health")
    if status != 200:
        raise CheckFailed(f"GET /health: HTTP {status}")
    if json_of("GET /health", raw).get("status") != "ok":
        raise CheckFailed(f"GET /health: status is not ok: {raw[:200]!r}")


def check_price():
    status, raw = call("GET", "/api/price")
    if status != 200:
        raise CheckFailed(f"GET /api/price: HTTP {status}: {raw[:200]!r}")
    price = json_of("GET /api/price", raw).get("price")
    if isinstance(price, bool) or not isinstance(price, (int, float)):
        raise CheckFailed(f"GET /api/price: price is not a number: {price!r}")


def check_orders():
    status, raw = call("POST", "/orders", {"item": "integration-test", "quantity": 1})
    if not 200 <= status < 300:
        raise CheckFailed(f"POST /orders: HTTP {status}: {raw[:200]!r}")


def main():
    wait_healthy()
    for name, check in [
        ("GET /health", check_health),
        ("GET /api/price", check_price),
        ("POST /orders", check_orders),
    ]:
        try:
            check()
        except CheckFailed as err:
            print(f"FAIL {err}")
            return 1
        except (urllib.error.URLError, OSError) as err:
            print(f"FAIL {name}: {err}")
            return 1
        print(f"ok   {name}")
    print("all integration checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
