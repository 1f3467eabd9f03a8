"""The web features, in the order their routes are added. Importing registers them."""

from __future__ import annotations
