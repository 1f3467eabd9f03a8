"""Typed settings: ``config.toml`` plus ``HELPDESK_<SECTION>__<KEY>`` environment overrides."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.web.settings import ApiSettings
from services.deadlines.settings import DeadlineSettings
from services.privacy.settings import PrivacySettings, RetentionSettings
from services.staff_import.settings import StaffSettings
from services.tickets.settings import TicketSettings
from services.webhooks.settings import OutgoingWebhookSettings
from services.workflow.settings import WorkflowSettings

DEFAULT_CONFIG_PATH = Path("config.toml")
OFFICIAL_API_BASE = "https://api.telegram.org"
_TOKEN_RE = re.compile(r"^\d+:[\w-]{20,}$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WebhookSettings(_Section):
    url: str = ""
    secret: SecretStr | None = None
    listen_host: str = "0.0.0.0"
    listen_port: int = Field(default=8080, ge=1, le=65535)
    path: str = "/telegram/webhook"

    @field_validator("secret", mode="before")
    @classmethod
    def _empty_secret_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a secret token.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("1-256 characters: A-Z, a-z, 0-9, _ and -")
        return value


class TelegramSettings(_Section):
    token: SecretStr | None = None
    api_base: str = OFFICIAL_API_BASE
    mode: Literal["polling", "webhook"] = "polling"
    polling_timeout: int = Field(default=30, ge=0, le=50)
    webhook: WebhookSettings = WebhookSettings()

    @field_validator("token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("expected the form 123456789:AAE... given by @BotFather")
        return value

    @field_validator("api_base")
    @classmethod
    def _api_base_is_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("expected an http(s) URL, e.g. https://api.telegram.org")
        return value.rstrip("/")

    def missing_for_mode(self) -> list[str]:
        """Keys the chosen mode needs but the config leaves empty."""
        if self.mode != "webhook":
            return []
        missing = [] if self.webhook.url else ["telegram.webhook.url"]
        if self.webhook.secret is None:
            missing.append("telegram.webhook.secret")
        return missing


class DatabaseSettings(_Section):
    url: str = "sqlite+aiosqlite:///data/helpdesk.sqlite3"
    connect_timeout: float = Field(default=10.0, gt=0)

    @field_validator("url")
    @classmethod
    def _supported_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db")
        return value


class RedisSettings(_Section):
    url: str | None = None

    @field_validator("url", mode="before")
    @classmethod
    def _empty_url_is_none(cls, value: object) -> object:
        return None if value == "" else value


class AccessSettings(_Section):
    admins: list[int] = []
    # After a rejection the same person may ask again only this many hours later (0: at once).
    request_cooldown_hours: float = Field(default=24.0, ge=0, le=24 * 365)

    @property
    def cooldown(self) -> timedelta:
        return timedelta(hours=self.request_cooldown_hours)


class CompanySettings(_Section):
    name: str = "ООО УК «ИНФОТЕЛЛ»"
    timezone: str = "Europe/Moscow"
    locale: Literal["ru", "en"] = "ru"
    # Shown to strangers (e.g. residents who found the bot) above «Запросить доступ».
    contact_text: str = Field(default="", max_length=1000)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone, e.g. Europe/Moscow") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["console", "json"] = "console"


class Settings(BaseSettings):
    """All configuration; each feature's section lives in ``bot/sections``."""

    model_config = SettingsConfigDict(
        env_prefix="HELPDESK_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    telegram: TelegramSettings = TelegramSettings()
    database: DatabaseSettings = DatabaseSettings()
    redis: RedisSettings = RedisSettings()
    access: AccessSettings = AccessSettings()
    company: CompanySettings = CompanySettings()
    logging: LoggingSettings = LoggingSettings()
    staff: StaffSettings = StaffSettings()
    tickets: TicketSettings = TicketSettings()
    workflow: WorkflowSettings = WorkflowSettings()
    deadlines: DeadlineSettings = DeadlineSettings()
    api: ApiSettings = ApiSettings()
    privacy: PrivacySettings = PrivacySettings()
    retention: RetentionSettings = RetentionSettings()
    webhooks: OutgoingWebhookSettings = OutgoingWebhookSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, deep_merge=True)
        return init_settings, env_settings, toml


def load_settings(path: Path | None = None) -> Settings:
    """Read ``path`` (missing file = defaults) and the environment; raise ValidationError."""

    class _FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=path or DEFAULT_CONFIG_PATH)

    return _FromFile()
