"""Staff import and onboarding ([staff])."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# The public Bot API lets bots download files of at most 20 MB; a self-hosted
# telegram-bot-api server (``[telegram] api_base``) has no such limit.
BOT_API_DOWNLOAD_LIMIT_MB = 20


class StaffSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Largest .xlsx accepted for import, checked from Telegram's file_size before downloading.
    max_file_mb: float = Field(default=5, gt=0, le=1024)
    # Most people (data rows) one file may hold.
    max_rows: int = Field(default=10_000, ge=1, le=1_000_000)
    # Days an invitation link stays valid.
    invitation_days: int = Field(default=7, ge=1, le=365)
    # People per page in the staff list.
    page_size: int = Field(default=8, ge=3, le=30)
    # Error rows and missing people listed in the preview message (all of them go to the file).
    preview_lines: int = Field(default=15, ge=1, le=100)

    def max_file_bytes(self, *, official_api: bool) -> int:
        """The configured limit, capped at the Bot API's download limit on the official API."""
        limit_mb = self.max_file_mb
        if official_api:
            limit_mb = min(limit_mb, BOT_API_DOWNLOAD_LIMIT_MB)
        return int(limit_mb * 1024 * 1024)
