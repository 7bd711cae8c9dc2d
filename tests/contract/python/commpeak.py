"""Contract driver for the generated `commpeak` package: one call per operation."""

import _contract

CALLS: dict[str, _contract.Call] = {
    "listUsers": ("list_users", (), {}),
    "getUserDetails": ("get_user_details", ("42",), {}),
}

if __name__ == "__main__":
    _contract.main("switchboard_commpeak", CALLS, {"basic_auth": ("api-user", "secret")})
