"""Reading our own OpenAPI document in tests: operations, and validating a body against it."""

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path template, operation) for every documented operation."""
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def path_parameters(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]


def response_errors(
    schema: dict[str, Any], operation: dict[str, Any], status: int, body: Any
) -> list[str]:
    """Why `body` (status `status`) does not match what `operation` documents; [] if it does."""
    documented = operation["responses"].get(str(status))
    if documented is None:
        return [f"status {status} is not documented ({sorted(operation['responses'])})"]
    content = documented.get("content") or {}
    if "application/json" not in content:
        return []  # a file or an empty body: nothing to check against a JSON schema
    document = {**content["application/json"]["schema"], "components": schema["components"]}
    validator = jsonschema_rs.Draft202012Validator(document)
    return [str(error) for error in validator.iter_errors(body)]
