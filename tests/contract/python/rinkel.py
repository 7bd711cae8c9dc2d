"""Contract driver for the generated `rinkel` package: one call per operation."""

import _contract

CALLS: dict[str, _contract.Call] = {
    "getUser": ("get_user", ("42",), {}),
}

if __name__ == "__main__":
    _contract.main("switchboard_rinkel", CALLS, {"api_key": "key"})
