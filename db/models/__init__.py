"""All models, so that Alembic and ``from db.models import X`` see every table."""

from db.models.api import ApiIdempotencyKey, ApiKey
from db.models.audit import AuditEntry, AuditPurgePermit
from db.models.board import BoardLink
from db.models.deadlines import DeadlineEscalation, OutgoingFile, ReportRun
from db.models.people import (
    MANAGING_ROLES,
    ROLE_ORDER,
    AccessRequest,
    AccessRequestStatus,
    Person,
    PersonRole,
    Role,
)
from db.models.privacy import PrivacyAcceptance, RoleHistory
from db.models.retention import DestructionAct, DestructionActItem
from db.models.runtime import FsmRecord, OutgoingMessage, PendingUpdate, ProcessedUpdate
from db.models.staff import Invitation, StaffUpload
from db.models.tickets import (
    Counter,
    FieldSetVersion,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketStageVisit,
    WorkflowVersion,
)
from db.models.webhooks import PhoneCall, WebhookDelivery, WebhookEndpoint
from db.models.work import AssignmentCursor, TicketOffer

__all__ = [
    "MANAGING_ROLES",
    "ROLE_ORDER",
    "AccessRequest",
    "AccessRequestStatus",
    "ApiIdempotencyKey",
    "ApiKey",
    "AssignmentCursor",
    "AuditEntry",
    "AuditPurgePermit",
    "BoardLink",
    "Counter",
    "DeadlineEscalation",
    "DestructionAct",
    "DestructionActItem",
    "FieldSetVersion",
    "FsmRecord",
    "Invitation",
    "OutgoingFile",
    "OutgoingMessage",
    "PendingUpdate",
    "Person",
    "PersonRole",
    "PhoneCall",
    "PrivacyAcceptance",
    "ProcessedUpdate",
    "ReportRun",
    "Role",
    "RoleHistory",
    "StaffUpload",
    "Ticket",
    "TicketAttachment",
    "TicketEvent",
    "TicketOffer",
    "TicketStageVisit",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WorkflowVersion",
]
