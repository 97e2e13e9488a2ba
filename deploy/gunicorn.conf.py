"""gunicorn for Tuyên giáo số: ``gunicorn -c deploy/gunicorn.conf.py tuyengiao.wsgi``.

One app server listens on GUNICORN_BIND (deploy/systemd/tuyengiao-web@.service passes
127.0.0.1:<port>); nginx spreads requests over several of them. Slow clients are nginx's to
buffer, so plain synchronous workers suffice. Settings come from the environment
(deploy/env.example).
"""

import os

from tuyengiao.core.logs import JSON_FORMATTER

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once), which
# bounds the memory any slow leak can take.
max_requests = 2000
max_requests_jitter = 200
# Each worker opens its own database connections: nothing is shared across a fork.
preload_app = False
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# nginx writes the access log (without addresses or query strings); gunicorn's own records
# go to stderr as JSON, like the application's.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def worker_exit(server, worker):
    """Write the portal's view and visit counts this worker holds before it goes (a restart,
    a deploy, max_requests): counted in memory, they would otherwise be lost."""
    from tuyengiao.portal.counters import flush

    flush()
