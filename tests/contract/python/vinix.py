"""Contract driver for the generated `vinix` package: one call per operation."""

import _contract

ACCOUNT = "4f2c6e0b1d9a4b7c8e3f2a1b0c9d8e7f"
USER = "8a1b2c3d4e5f60718293a4b5c6d7e8f9"

UPDATE = {"data": {"first_name": "Ada", "last_name": "Lovelace", "priv_level": "admin"}}
USER_AUTH = {"data": {"credentials": "82a5c2c4d5e6f708192a3b4c5d6e7f80", "account_name": "acme"}}
API_AUTH = {"data": {"api_key": "a" * 64}}
CREATE = {"data": {"first_name": "Ada", "last_name": "Lovelace"}}
# One key changed and one removed: the explicit `null` must be valid against the schema.
PATCH = {"data": {"timezone": "Europe/London", "presence_id": None}}
PHOTO = b"\x89PNG"

CALLS: dict[str, _contract.Call] = {
    "listUsers": ("list_users", (ACCOUNT,), {"page_size": 2}),
    "createUser": ("create_user", (ACCOUNT, CREATE), {}),
    "getUser": ("get_user", (ACCOUNT, USER), {}),
    "updateUser": ("update_user", (ACCOUNT, USER, UPDATE), {}),
    "patchUser": ("patch_user", (ACCOUNT, USER, PATCH), {}),
    "deleteUser": ("delete_user", (ACCOUNT, USER), {}),
    "getUserPhoto": ("get_user_photo", (ACCOUNT, USER), {}),
    "uploadUserPhoto": ("upload_user_photo", (ACCOUNT, USER, PHOTO), {}),
    "deleteUserPhoto": ("delete_user_photo", (ACCOUNT, USER), {}),
    "getUserVcard": ("get_user_vcard", (ACCOUNT, USER), {}),
    "createUserAuth": ("create_user_auth", (USER_AUTH,), {}),
    "createApiAuth": ("create_api_auth", (API_AUTH,), {}),
}

if __name__ == "__main__":
    _contract.main("switchboard_vinix", CALLS, {"auth_token": "token-from-a-login"})
