"""app/app.py's code: the controllers the app registers and what it imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .code import Imports
from .names import USER_NAMES

if TYPE_CHECKING:
    from .views import ProjectView


class AppCode:
    """app/app.py."""

    def __init__(self, project: ProjectView) -> None:
        self.project = project

    @property
    def controllers(self) -> list[str]:
        users = [USER_NAMES.cls("Controller"), "AuthController"] if self.project.auth else []
        return ["health", *users, *(e.names.cls("Controller") for e in self.project.entities)]

    @property
    def imports(self) -> str:
        imports = Imports().add("advanced_alchemy.extensions.litestar", "SQLAlchemyPlugin")
        imports.add("litestar", "Litestar").add("litestar.plugins.pydantic", "PydanticSchemaPlugin")
        imports.add("litestar.openapi.config", "OpenAPIConfig").add("litestar.openapi.plugins", "ScalarRenderPlugin")
        imports.add("app.cli", "CLIPlugin").add("app.config", "OPENAPI_PATH", "create_alchemy_config", "get_settings")
        imports.add("app.lib.openapi", "JsonSchemaPlugin").add("app.lib.problems", "problem_details_plugin")
        imports.add("app.lib.requests", "JsonRequestsPlugin").add("app.lib.health", "health")
        imports.add("app.lib.responses", "JsonResponse").add("app.lib.runtime", "freeze_startup_objects")
        imports.add("litestar.config.cors", "CORSConfig")
        observability = ("RequestIdMiddleware", "finish_response", "log_server_error", "logging_plugin")
        imports.add("app.lib.observability", *observability)
        if self.project.auth:
            imports.add(f"app.domain.{USER_NAMES.package}.controllers", USER_NAMES.cls("Controller"), "AuthController")
            imports.add("app.lib.auth", "check_secret_key", "create_jwt_auth")
            imports.add("app.lib.observability", "request_id_outermost")
        for e in self.project.entities:
            imports.add(f"app.domain.{e.package}.controllers", e.names.cls("Controller"))
        return imports.render()
