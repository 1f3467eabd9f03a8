"""Reports for a period: computation in SQL, rendering to .xlsx and PNG (Telegram-free)."""
