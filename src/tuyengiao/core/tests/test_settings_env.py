"""The environment is read through typed helpers that name the variable on bad input."""

from pathlib import Path

import pytest

from tuyengiao.settings.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_url,
    mask_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    """Flags accept 1/0, true/false, yes/no, on/off in any case."""
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", not expected) is expected


def test_env_bool_unset_gives_default(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", True) is True


def test_env_bool_rejects_other_words_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigError, match="DEBUG"):
        env_bool("DEBUG", False)


def test_env_int_rejects_text(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "một năm")
    with pytest.raises(ConfigError, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " tuyengiao.hanoi.vn, ,127.0.0.1 ")
    assert env_list("ALLOWED_HOSTS", []) == ["tuyengiao.hanoi.vn", "127.0.0.1"]


def test_env_choice_names_allowed_values(monkeypatch):
    monkeypatch.setenv("SEARCH_BACKEND", "solr")
    with pytest.raises(ConfigError, match=r"SEARCH_BACKEND.*database"):
        env_choice("SEARCH_BACKEND", ("database", "opensearch"), "database")


def test_env_url_checks_the_scheme(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "localhost:6379")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        env_url("REDIS_URL", ("redis", "rediss"))
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert env_url("REDIS_URL", ("redis", "rediss")) == "redis://127.0.0.1:6379/0"


def test_default_database_is_sqlite_in_wal_mode(monkeypatch, tmp_path):
    """Without DATABASE_URL: one SQLite file, WAL journal, immediate write transactions."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    default = tmp_path / "var" / "tuyengiao.sqlite3"
    config = env_database("DATABASE_URL", default)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]) == default
    assert default.parent.is_dir(), "the var/ folder is created for the default database"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:s3cret@db.internal:5433/tuyengiao")
    config = env_database("DATABASE_URL", tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "tuyengiao")
    assert config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/tg", "not a url", "sqlite:////no/such/dir/x.db"]
)
def test_unusable_database_url_names_the_variable(monkeypatch, tmp_path, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        env_database("DATABASE_URL", tmp_path / "default.sqlite3")


def test_mask_url_hides_the_password_only():
    assert mask_url("postgres://app:s3cret@db:5432/tg") == "postgres://app:***@db:5432/tg"
    assert mask_url("postgres://db:5432/tg") == "postgres://db:5432/tg"
