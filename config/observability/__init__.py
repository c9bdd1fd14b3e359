"""What operators see of the running mechanism: error reports (sentry), Prometheus
metrics (metrics) and the request id on every response and log line (request_ids). The
log format itself is core.logs; the health check is config.health."""
