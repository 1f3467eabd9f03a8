"""``[api]``: the HTTP server for the integration API and the dispatch board."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ApiSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8081, ge=1, le=65535)
    # The address people and Telegram reach the server at (https:// for the Mini App), used in
    # links the bot hands out. Empty: http://listen_host:listen_port.
    public_url: str = ""
    # Integration API: requests per minute per key, counted in Redis when [redis] url is set
    # (every process together), else in each process; beyond it 429 with Retry-After.
    rate_limit_per_minute: int = Field(default=600, ge=1, le=1_000_000)
    # people.id of the person a ticket created through the API is authored by (a "system"
    # operator made for it); 0: the person who created the key.
    author_person_id: int = Field(default=0, ge=0)
    # Processes serving the web app (API, board): 1 is the main process itself; more are
    # worker processes beside it (one core each), and need PostgreSQL (bot/web/workers.py).
    workers: int = Field(default=1, ge=1, le=32)

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.listen_host}:{self.listen_port}"
