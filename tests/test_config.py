"""Settings: TOML, environment overrides, and one clear line (exit 2) for what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.cli import describe_validation_error, main
from bot.config import load_settings

TOKEN = "123456789:AAE-example-token-0123456789abcdef"


def test_example_config_loads_with_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    settings = load_settings(example)
    assert settings.telegram.token is None
    assert settings.telegram.api_base == "https://api.telegram.org"
    assert settings.telegram.mode == "polling"
    assert settings.database.url.startswith("sqlite+aiosqlite:///")
    assert settings.redis.url is None
    assert settings.company.timezone == "Europe/Moscow"
    assert settings.company.locale == "ru"
    assert settings.access.admins == []


def test_environment_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\napi_base = "http://toml:8081/"\n'
        '[access]\nadmins = [1]\n[company]\ntimezone = "Asia/Yekaterinburg"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HELPDESK_TELEGRAM__API_BASE", "http://127.0.0.1:8082")
    monkeypatch.setenv("HELPDESK_ACCESS__ADMINS", "[10, 20]")
    monkeypatch.setenv("HELPDESK_TELEGRAM__WEBHOOK__LISTEN_PORT", "9000")
    settings = load_settings(config)
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings)
    assert settings.telegram.api_base == "http://127.0.0.1:8082"
    assert settings.access.admins == [10, 20]
    assert settings.telegram.webhook.listen_port == 9000
    assert settings.company.timezone == "Asia/Yekaterinburg"


@pytest.mark.parametrize(
    ("env", "key"),
    [
        ({"HELPDESK_TELEGRAM__MODE": "pigeon"}, "telegram.mode"),
        ({"HELPDESK_TELEGRAM__TOKEN": "not-a-token"}, "telegram.token"),
        ({"HELPDESK_DATABASE__URL": "mysql://x"}, "database.url"),
        ({"HELPDESK_COMPANY__TIMEZONE": "Mars/Olympus"}, "company.timezone"),
        ({"HELPDESK_ACCESS__ADMINS": '["boss"]'}, "access.admins.0"),
    ],
)
def test_bad_value_names_the_key(
    env: dict[str, str], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        load_settings(Path("missing.toml"))
    assert describe_validation_error(error.value)[0] == key


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> tuple[int, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["run", "--config", "missing.toml"])
    return code, capsys.readouterr().err


def test_missing_token_says_where_to_get_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(monkeypatch, capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "@BotFather" in err
    assert "HELPDESK_TELEGRAM__TOKEN" in err
    assert "config.toml" in err


def test_bad_value_is_one_line_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(monkeypatch, capsys, HELPDESK_TELEGRAM__MODE="pigeon")
    assert code == 2
    assert err.count("\n") == 1
    assert "telegram.mode" in err
    assert "HELPDESK_TELEGRAM__MODE" in err


def test_broken_toml_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.toml").write_text("[telegram\ntoken=", encoding="utf-8")
    code = main(["run", "--config", str(tmp_path / "config.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "TOML" in err


def test_webhook_without_secret_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(
        monkeypatch,
        capsys,
        HELPDESK_TELEGRAM__TOKEN=TOKEN,
        HELPDESK_TELEGRAM__MODE="webhook",
        HELPDESK_TELEGRAM__WEBHOOK__URL="https://bot.example.invalid/hook",
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "telegram.webhook.secret" in err


def test_web_workers_need_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(
        monkeypatch,
        capsys,
        HELPDESK_TELEGRAM__TOKEN=TOKEN,
        HELPDESK_DATABASE__URL="sqlite+aiosqlite:///never-made.sqlite3",
        HELPDESK_API__WORKERS="2",
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "[api] workers = 2" in err
    assert "PostgreSQL" in err
    assert not Path("never-made.sqlite3").exists()


def test_unreachable_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(
        monkeypatch,
        capsys,
        HELPDESK_TELEGRAM__TOKEN=TOKEN,
        HELPDESK_DATABASE__URL="postgresql+asyncpg://postgres:pw@127.0.0.1:1/nowhere",
        HELPDESK_DATABASE__CONNECT_TIMEOUT="3",
    )
    assert code == 2
    assert err.count("\n") == 1
    assert "База данных недоступна" in err
    assert "pw" not in err  # the password is masked


def test_rejected_token_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import asyncio

    from tests.fakes.bot_api import FakeBotAPI

    async def scenario() -> tuple[int, str]:
        api = FakeBotAPI(token_check="1:other")
        await api.start()
        try:
            return await asyncio.to_thread(
                _run,
                monkeypatch,
                capsys,
                HELPDESK_TELEGRAM__TOKEN=TOKEN,
                HELPDESK_TELEGRAM__API_BASE=api.base_url,
                HELPDESK_DATABASE__URL=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            )
        finally:
            await api.stop()

    code, err = asyncio.run(scenario())
    assert code == 2
    assert err.strip().splitlines()[-1].startswith("Telegram не принял токен")
    assert TOKEN not in err
