"""What a project's container files (Dockerfile, compose.yaml), its CI and its deploy docs are built from: the images
they name, the port the service listens on, the path an orchestrator polls and the one a reader opens."""

from dataclasses import dataclass

from .names import HEALTH_ROUTE, OPENAPI_ROUTE


@dataclass(frozen=True)
class Deploy:
    # The uv release the image builds with: the minor version this template is developed with.
    uv_image: str = "ghcr.io/astral-sh/uv:0.13"
    # The PostgreSQL of compose.yaml and of the project's CI: the major version the template is tested on.
    postgres_image: str = "postgres:17"
    port: int = 8000
    # Seconds `litestar serve` gives the requests in flight after SIGTERM; compose.yaml waits longer before it kills.
    graceful_shutdown_seconds: int = 20
    health_path: str = f"/{HEALTH_ROUTE}"
    openapi_path: str = f"/{OPENAPI_ROUTE}"
    # compose.yaml's app services, with the host port each answers on: instances behind the user's load balancer.
    instances: tuple[tuple[str, int], ...] = (("app1", 8001), ("app2", 8002))

    @property
    def stop_grace_seconds(self) -> int:
        """How long compose.yaml lets a stopping instance run (Docker's default, 10 s, would cut the graceful stop)."""
        return self.graceful_shutdown_seconds + 10


DEPLOY = Deploy()
