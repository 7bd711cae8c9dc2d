"""Contract driver for the generated `rinkel` package: one call per operation."""

import _contract

UPDATE = {"availability": "available", "firstName": "Ada"}

CALLS: dict[str, _contract.Call] = {
    "listUsers": ("list_users", (), {"page": 1, "per_page": 10}),
    "getUser": ("get_user", ("42",), {}),
    "updateUser": ("update_user", ("42", UPDATE), {}),
}

if __name__ == "__main__":
    _contract.main("switchboard_rinkel", CALLS, {"api_key": "key"})
