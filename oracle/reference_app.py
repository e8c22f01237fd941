"""The reference: a FastAPI app whose routes, parameters and request models come from openapi/v3.json.

Every handler answers 200 `{}`; what matters is what FastAPI and pydantic do before the handler runs
(JSON decoding, the API-key dependency, then path, query and body validation).
Run: PORT=N python reference_app.py
"""
from __future__ import annotations

import inspect
import keyword
import os
from typing import Annotated, Any, Optional

from fastapi import Body, FastAPI, Path, Query, Security
from fastapi.security import APIKeyHeader

from schema_types import TypeBuilder, load_document

API_PREFIX = "/api/v3"


def _cache_needs_workspace(model: Any) -> Any:
    if model.cacheScript is True and not model.workspaceId:
        raise ValueError("cacheScript requires a workspaceId to store the cached script")
    return model


def _follow_up_needs_task(model: Any) -> Any:
    if model.sessionId and not model.task:
        raise ValueError("task is required when dispatching to an existing session")
    return model


# Rules of the cloud that the document cannot express, written as the model validators that produce
# them (docs/behavior.md, "Sessions" and "Workspaces and files"), in the emulator's order.
MODEL_VALIDATORS = {"RunTaskRequest": [_cache_needs_workspace, _follow_up_needs_task]}


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


def build_app(document: dict) -> FastAPI:
    builder = TypeBuilder(document, model_validators=MODEL_VALIDATORS)
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    schemes = document.get("components", {}).get("securitySchemes", {})
    key_header = APIKeyHeader(name=schemes["APIKeyHeader"]["name"])
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            params = [_parameter(builder, spec, i) for i, spec in enumerate(op.get("parameters", []))]
            if "requestBody" in op:
                params.append(_body_parameter(builder, op["requestBody"]))
            dependencies = [Security(key_header)] if op.get("security") else []
            app.add_api_route(
                API_PREFIX + path,
                _handler(op["operationId"], params),
                methods=[method.upper()],
                dependencies=dependencies,
                operation_id=op["operationId"],
            )
    return app


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(build_app(load_document()), host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
