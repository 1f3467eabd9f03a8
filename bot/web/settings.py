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

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.listen_host}:{self.listen_port}"
