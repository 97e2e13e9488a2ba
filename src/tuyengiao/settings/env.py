"""Typed readers for the environment variables that configure the platform.

Every variable is read here, once, when settings load. A value that cannot be used raises
:class:`ConfigError`, whose message names the variable, so that the command line can print
one clear line instead of a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A setting from the environment is missing or unusable; the message names it."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"Cấu hình {variable} không hợp lệ: {problem}")


def env_str(name: str, default: str = "") -> str:
    """The variable as text, stripped; ``default`` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    """The variable as a yes/no flag (1/0, true/false, yes/no, on/off)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, f"cần giá trị true/false, nhận được {raw!r}")


def env_int(name: str, default: int) -> int:
    """The variable as a whole number."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(name, f"cần một số nguyên, nhận được {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """The variable as a comma-separated list, blanks dropped."""
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    """The variable as a filesystem path, made absolute."""
    raw = env_str(name)
    return Path(raw).expanduser().resolve() if raw else default


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """The variable as one of a fixed set of words."""
    value = env_str(name, default).lower()
    if value not in choices:
        raise ConfigError(name, f"cần một trong {', '.join(choices)}; nhận được {value!r}")
    return value


def env_url(name: str, schemes: tuple[str, ...]) -> str:
    """The variable as a URL with one of ``schemes``; empty when unset."""
    value = env_str(name)
    if value and urlsplit(value).scheme not in schemes:
        raise ConfigError(name, f"cần một địa chỉ {' hoặc '.join(schemes)}://…")
    return value


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, safe to print."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def env_database(name: str, default_sqlite: Path) -> dict[str, Any]:
    """The ``DATABASES["default"]`` entry for the URL in ``name``.

    Without the variable the platform uses one SQLite file at ``default_sqlite`` in WAL mode,
    so that the web server and the task worker can read while the other writes.
    """
    url = env_str(name) or f"sqlite:///{default_sqlite}"
    try:
        config: dict[str, Any] = dj_database_url.parse(url)
    except Exception as exc:  # the library raises several types for a malformed URL
        raise ConfigError(name, f"không đọc được địa chỉ {mask_url(url)!r} ({exc})") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        if not path.parent.is_dir():
            if path == default_sqlite:
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                raise ConfigError(name, f"thư mục {path.parent} không tồn tại")
        config["OPTIONS"] = {
            # Django 5.1+: PRAGMAs run on every new connection. IMMEDIATE transactions take
            # the write lock up front, so two writers wait for each other instead of failing
            # with "database is locked" half-way through.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    else:
        raise ConfigError(name, "chỉ hỗ trợ sqlite:// và postgres://")
    return config
