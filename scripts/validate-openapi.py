"""Validates OpenAPI documents with openapi-spec-validator in one process (one start-up, not 45).

Usage: validate-openapi.py FILE...
Prints one line per file: `FILE<TAB>ok` or `FILE<TAB>invalid: <first error>`; exits 1 if any is invalid.
"""
import json
import sys

from openapi_spec_validator import OpenAPIV31SpecValidator


def first_error(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    # The base URI makes any relative $ref resolve against the file (bundles should have none).
    errors = OpenAPIV31SpecValidator(spec, base_uri="file://" + path).iter_errors()
    for error in errors:
        where = "/".join(str(p) for p in error.path) if hasattr(error, "path") else ""
        return f"{error.message} at /{where}".replace("\t", " ").replace("\n", " ")
    return None


def main(paths):
    failed = 0
    for path in paths:
        try:
            error = first_error(path)
        except Exception as e:  # a document that cannot be read is a failure, not a crash
            error = f"{type(e).__name__}: {e}".replace("\t", " ").replace("\n", " ")
        if error is None:
            print(f"{path}\tok")
        else:
            failed += 1
            print(f"{path}\tinvalid: {error[:300]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
