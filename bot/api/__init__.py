"""The integration API over HTTP (``/api/v1``): keys, routes, the OpenAPI schema and docs."""
