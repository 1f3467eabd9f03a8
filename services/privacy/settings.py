"""``[privacy]`` and ``[retention]``: the personal-data settings (152-ФЗ)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrivacySettings(_Section):
    # The notice shown on a person's first /start and again whenever ``notice_version``
    # changes; staff accept it before using the bot. Empty text: the built-in notice.
    notice_version: str = Field(default="1", min_length=1, max_length=32)
    notice_text: str = Field(default="", max_length=3500)
    # Staff must press «✅ Принимаю» before the bot does anything else for them. Off: the
    # notice is still shown to strangers, staff are not asked (e.g. consent taken on paper).
    require_acceptance: bool = True
    # Notices to group chats show the address and the category, not names and phones.
    minimise_group_notices: bool = True


class RetentionSettings(_Section):
    """How long each kind of record is kept; a daily job anonymises or removes what is older."""

    closed_ticket_personal_data_days: int = Field(default=3 * 365, ge=1)
    staff_upload_days: int = Field(default=7, ge=1)
    draft_days: int = Field(default=7, ge=1)
    failed_outbox_days: int = Field(default=30, ge=1)
    rejected_access_request_days: int = Field(default=90, ge=1)
    audit_log_days: int = Field(default=3 * 365, ge=1)
    # Local time of the daily run ([company] timezone).
    run_at: str = Field(default="03:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")

    @property
    def closed_ticket_personal_data(self) -> timedelta:
        return timedelta(days=self.closed_ticket_personal_data_days)
