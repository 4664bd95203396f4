"""The settings: .env.example lists every one of them with its default, so that it documents what the app reads."""

from pathlib import Path

from app.config import Settings

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def example_values() -> dict[str, str]:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    settings = [line.partition("=") for line in lines if line and not line.startswith("#")]
    return {name: value for name, _, value in settings}


def test_env_example_lists_every_setting_with_its_default() -> None:
    defaults = Settings.model_construct()
    expected = {name.upper(): getattr(defaults, name) for name in Settings.model_fields}
    listed = example_values()
    assert set(listed) == set(expected)
    for name, default in expected.items():
        # Read as the app reads it (b"false" -> False), without the environment or .env of the machine.
        read = getattr(Settings.model_validate({name.lower(): listed[name]}), name.lower())
        assert read == default, f"{name}: .env.example says {listed[name]!r}, the default is {default!r}"
