"""The reference: a FastAPI app whose routes, parameters and request models come from openapi/v3.json
(under /api/v3) and openapi/v2.json (under /api/v2).

Every handler answers 200 `{}`; what matters is what FastAPI and pydantic do before the handler runs
(JSON decoding, the API-key dependency, then path, query and body validation).
Run: PORT=N python reference_app.py
"""
from __future__ import annotations

import inspect
import json
import keyword
import os
from typing import Annotated, Any, Optional

from fastapi import Body, FastAPI, Path, Query, Security
from fastapi.security import APIKeyHeader
from pydantic import ValidationError

from schema_types import API_VERSIONS, TypeBuilder, load_document


def _cache_needs_workspace(model: Any) -> Any:
    if model.cacheScript is True and not model.workspaceId:
        raise ValueError("cacheScript requires a workspaceId to store the cached script")
    return model


def _follow_up_needs_task(model: Any) -> Any:
    if model.sessionId and not model.task:
        raise ValueError("task is required when dispatching to an existing session")
    return model


def _field_error(title: str, field: str, value: Any, message: str) -> ValidationError:
    """A value_error placed at one field, raised once the whole model is valid (pydantic keeps its loc)."""
    return ValidationError.from_exception_data(title, [{"type": "value_error", "loc": (field,), "input": value, "ctx": {"error": ValueError(message)}}])


def _structured_output_is_schema(model: Any) -> Any:
    text = model.structuredOutput
    if text is None:
        return model
    prefix = "structuredOutput must be a JSON schema as a string: "
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise _field_error("CreateTaskRequest", "structuredOutput", text, prefix + str(err)) from None
    if not isinstance(value, dict):
        raise _field_error("CreateTaskRequest", "structuredOutput", text, prefix + "expected a JSON object")
    return model


# Rules of the cloud that the document cannot express, written as the model validators that produce
# them, in the emulator's order: per API version, per model title. v3: docs/behavior.md, "Sessions" and
# "Workspaces and files"; v2: "v2 tasks and sessions" (structuredOutput must hold a JSON object).
MODEL_VALIDATORS = {
    "v3": {"RunTaskRequest": [_cache_needs_workspace, _follow_up_needs_task]},
    "v2": {"CreateTaskRequest": [_structured_output_is_schema]},
}


def _param_default(schema: dict, required: bool) -> Any:
    if required:
        return inspect.Parameter.empty
    return schema.get("default")


def _parameter(builder: TypeBuilder, spec: dict, index: int) -> inspect.Parameter:
    name = spec["name"]
    schema = spec.get("schema", {})
    required = bool(spec.get("required"))
    annotation = builder.annotation(schema)
    if not required and schema.get("default") is None and "anyOf" not in schema:
        annotation = Optional[annotation]
    identifier = name if name.isidentifier() and not keyword.iskeyword(name) else f"p{index}"
    marker = Path(alias=name) if spec["in"] == "path" else Query(alias=name)
    return inspect.Parameter(
        identifier,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[annotation, marker],
        default=_param_default(schema, required),
    )


def _body_parameter(builder: TypeBuilder, request_body: dict) -> inspect.Parameter:
    schema = request_body["content"]["application/json"]["schema"]
    required = bool(request_body.get("required"))
    annotation = builder.annotation(schema)
    return inspect.Parameter(
        "body",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[annotation, Body()],
        default=inspect.Parameter.empty if required else None,
    )


def _handler(operation_id: str, parameters: list[inspect.Parameter]):
    async def handler(**_: Any) -> dict:
        return {}

    handler.__name__ = operation_id
    handler.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return handler


def add_routes(app: FastAPI, document: dict, prefix: str, model_validators: dict[str, list]) -> None:
    """The operations of one document, under `prefix`, with that document's own models."""
    builder = TypeBuilder(document, model_validators=model_validators)
    schemes = document.get("components", {}).get("securitySchemes", {})
    key_header = APIKeyHeader(name=schemes["APIKeyHeader"]["name"])
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            params = [_parameter(builder, spec, i) for i, spec in enumerate(op.get("parameters", []))]
            if "requestBody" in op:
                params.append(_body_parameter(builder, op["requestBody"]))
            dependencies = [Security(key_header)] if op.get("security") else []
            app.add_api_route(
                prefix + path,
                _handler(op["operationId"], params),
                methods=[method.upper()],
                dependencies=dependencies,
                # The two documents share some operation ids; FastAPI only needs them unique per app.
                operation_id=f"{prefix}:{op['operationId']}",
            )


def build_app(documents: dict[str, tuple[dict, str]]) -> FastAPI:
    """One app serving every document given (version → document and prefix)."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    for version, (document, prefix) in documents.items():
        add_routes(app, document, prefix, MODEL_VALIDATORS.get(version, {}))
    return app


if __name__ == "__main__":
    import uvicorn

    documents = {version: (load_document(path), prefix) for version, (path, prefix) in API_VERSIONS.items()}
    uvicorn.run(build_app(documents), host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
