"""The integration API's use cases (keys, ticket creation, reading), free of HTTP and Telegram."""
