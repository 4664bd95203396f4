"""hooks/copier_runtime.py: what Copier repeats per file done once, with the same outcome."""

import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import copier._main
import copier._vcs
import pytest
from copier._types import LazyDict, Phase
from jinja2 import Environment, Template, TemplateSyntaxError

from hooks.copier_runtime import (
    CONTEXT_BUILT,
    VerbatimTemplate,
    ask_git_file_mode_once,
    build_render_context_once,
    compile_each_string_once,
)

STRINGS = [
    "app",
    "controllers.py",
    "",
    " spaced name ",
    "trailing newline\n",
    "two\nlines",
    "{{ name }}.py",
    "{% if name %}{{ name }}{% endif %}",
    "{# a comment #}kept",
    "# looks like a line statement",
    "#",
    "%% or a line comment",
    "<< custom >> delimiters",
    "{ braces } alone",
]
ENVIRONMENTS = [
    {},
    {"keep_trailing_newline": True},
    {"line_statement_prefix": "#", "line_comment_prefix": "%%"},
    {"variable_start_string": "<<", "variable_end_string": ">>"},
]


class RecordingWorker:
    """Stands for Copier's Worker: records each file its executable-bit sync was asked about."""

    def __init__(self, destination: Path) -> None:
        self.subproject = SimpleNamespace(local_abspath=destination)
        self.synced: list[str] = []

    def _sync_git_index_executable_bit(self, dst_relpath: Path, src_mode: int) -> None:
        self.synced.append(str(dst_relpath))


def repository(path: Path, file_mode: str | None) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if file_mode is None:
        subprocess.run(["git", "config", "--unset", "core.fileMode"], cwd=path, check=False)
    else:
        subprocess.run(["git", "config", "core.fileMode", file_mode], cwd=path, check=True)
    return path


def write_files(worker_class: Any, destination: Path, count: int = 3) -> list[str]:
    worker = worker_class(destination)
    for index in range(count):
        worker._sync_git_index_executable_bit(Path(f"file{index}.py"), 0o644)
    return list(worker.synced)


def wrapped_class() -> Any:
    worker_class = type("Worker", (RecordingWorker,), {})
    assert ask_git_file_mode_once(worker_class)
    return worker_class


def test_copier_still_syncs_every_file_where_git_ignores_file_modes(tmp_path: Path) -> None:
    assert write_files(wrapped_class(), repository(tmp_path, "false")) == ["file0.py", "file1.py", "file2.py"]


@pytest.mark.parametrize("file_mode", ["true", None])
def test_nothing_to_sync_where_git_reads_modes_from_disk(tmp_path: Path, file_mode: str | None) -> None:
    assert write_files(wrapped_class(), repository(tmp_path, file_mode)) == []


def test_nothing_to_sync_outside_a_repository(tmp_path: Path) -> None:
    assert write_files(wrapped_class(), tmp_path) == []


def test_git_is_asked_once_per_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Path] = []
    get_git = copier._vcs.get_git

    def counting_get_git(context_dir: Any = None) -> Any:
        asked.append(Path(context_dir))
        return get_git(context_dir=context_dir)

    monkeypatch.setattr(copier._vcs, "get_git", counting_get_git)
    worker_class = wrapped_class()
    first, second = repository(tmp_path / "a", "false"), repository(tmp_path / "b", "true")
    write_files(worker_class, first, count=5)
    write_files(worker_class, second, count=5)
    assert asked == [first, second]


def test_wrapping_twice_wraps_once() -> None:
    worker_class = wrapped_class()
    method = worker_class._sync_git_index_executable_bit
    assert ask_git_file_mode_once(worker_class)
    assert worker_class._sync_git_index_executable_bit is method


def test_installs_on_the_copier_the_template_is_tested_with() -> None:
    # On a subclass, so that the test process's Copier is left as it is.
    assert ask_git_file_mode_once(type("Worker", (copier._main.Worker,), {}))


def test_a_copier_without_the_method_is_left_alone() -> None:
    assert not ask_git_file_mode_once(type("Worker", (), {}))


def test_a_copier_whose_method_takes_other_parameters_is_left_alone() -> None:
    def sync(self: Any, dst_relpath: Path, src_mode: int, follow_symlinks: bool) -> None: ...

    worker_class = type("Worker", (), {"_sync_git_index_executable_bit": sync})
    assert not ask_git_file_mode_once(worker_class)
    assert worker_class._sync_git_index_executable_bit is sync


def test_an_environment_whose_from_string_takes_other_parameters_is_left_alone() -> None:
    environment = Environment()

    def from_string(source: str, globals: Any = None, template_class: Any = None, name: str = "") -> Any:
        return Environment.from_string(environment, source, globals, template_class)

    environment.from_string = from_string  # type: ignore[method-assign]
    assert not compile_each_string_once(environment)
    assert environment.from_string is from_string


@pytest.mark.parametrize("options", ENVIRONMENTS)
def test_strings_render_as_jinja_renders_them(options: dict[str, Any]) -> None:
    reused = Environment(**options)
    assert compile_each_string_once(reused)
    for source in STRINGS:
        assert outcome(reused, source) == outcome(Environment(**options), source), source
        assert outcome(reused, source) == outcome(Environment(**options), source), source  # from the cache


def outcome(environment: Environment, source: str) -> str:
    try:
        return environment.from_string(source).render(name="book")
    except TemplateSyntaxError as error:
        return f"syntax error: {error.message}"


def test_plain_names_skip_the_context_and_templates_are_compiled_once() -> None:
    environment = Environment()
    compile_each_string_once(environment)
    assert isinstance(environment.from_string("controllers.py"), VerbatimTemplate)
    assert not isinstance(environment.from_string("{{ name }}.py"), VerbatimTemplate)
    assert environment.from_string("{{ name }}.py") is environment.from_string("{{ name }}.py")


def test_every_render_still_runs_the_extensions_preprocessing() -> None:
    # Copier's {% yield %} resets its state in `preprocess`: a cached string must not keep the previous one's.
    seen: list[str] = []
    environment = Environment()
    compile_each_string_once(environment)
    environment.preprocess = lambda source, name=None, filename=None: seen.append(source) or source  # type: ignore[method-assign]
    for source in ("app", "app", "{{ x }}", "{{ x }}"):
        environment.from_string(source)
    assert seen == ["app", "app", "{{ x }}", "{{ x }}"]


def test_plain_names_build_the_context_until_the_hook_has_checked_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copier's first path may be a plain name: rendering it must still run the hook that refuses a bad spec."""
    environment = Environment()
    compile_each_string_once(environment)
    built: list[str] = []
    new_context = Template.new_context

    def counted(template: Template, *args: Any, **kwargs: Any) -> Any:
        built.append(str(template))
        return new_context(template, *args, **kwargs)

    monkeypatch.setattr(Template, "new_context", counted)
    template = environment.from_string(".pre-commit-config.yaml")
    assert template.render() == ".pre-commit-config.yaml"
    assert len(built) == 1
    setattr(environment, CONTEXT_BUILT, True)
    assert template.render() == ".pre-commit-config.yaml"
    assert len(built) == 1


class ContextWorker:
    """Stands for Copier's Worker: counts the render contexts it builds, each with Copier's lazy configuration."""

    def __init__(self) -> None:
        self.built = 0
        self.answers = {"project_slug": "shop"}

    def _render_context(self) -> dict[str, Any]:
        self.built += 1
        configuration = LazyDict({"answers_file": lambda: ".copier-answers.yml", "dst_path": lambda: "/tmp/shop"})
        return {**self.answers, "_copier_conf": configuration, "_copier_phase": Phase.current()}


def context_worker() -> Any:
    worker_class = type("Worker", (ContextWorker,), {})
    assert build_render_context_once(worker_class)
    return worker_class()


def test_a_worker_builds_one_context_for_all_it_renders() -> None:
    worker = context_worker()
    with Phase.use(Phase.RENDER):
        contexts = [worker._render_context() for _ in range(5)]
    assert worker.built == 1
    assert all(context == contexts[0] for context in contexts)
    assert contexts[0]["project_slug"] == "shop"
    assert contexts[0]["_copier_conf"]["answers_file"] == ".copier-answers.yml"


def test_a_change_to_one_context_stays_in_it() -> None:
    # Copier's answers_relpath blanks answers_file in the context it was given: the next render must not see it.
    worker = context_worker()
    with Phase.use(Phase.RENDER):
        changed = worker._render_context()
        changed["_copier_conf"]["answers_file"] = ""
        changed["project_slug"] = "other"
        fresh = worker._render_context()
    assert fresh["_copier_conf"]["answers_file"] == ".copier-answers.yml"
    assert fresh["project_slug"] == "shop"


@pytest.mark.parametrize("phase", [Phase.PROMPT, Phase.TASKS, Phase.MIGRATE, Phase.UNDEFINED])
def test_outside_rendering_every_context_is_built_anew(phase: Phase) -> None:
    # While questions are asked the answers change: each context must show the answers given so far.
    worker = context_worker()
    with Phase.use(phase):
        first = worker._render_context()
        worker.answers = {"project_slug": "renamed"}
        second = worker._render_context()
    assert worker.built == 2
    assert (first["project_slug"], second["project_slug"]) == ("shop", "renamed")


def test_each_worker_builds_its_own_context() -> None:
    # An update renders the old copy, the destination and the new copy with different answers, one worker each.
    worker_class = type("Worker", (ContextWorker,), {})
    assert build_render_context_once(worker_class)
    old, new = worker_class(), worker_class()
    new.answers = {"project_slug": "new"}
    with Phase.use(Phase.RENDER):
        assert old._render_context()["project_slug"] == "shop"
        assert new._render_context()["project_slug"] == "new"


def test_the_render_context_wrapper_installs_on_the_tested_copier_once() -> None:
    worker_class = type("Worker", (copier._main.Worker,), {})
    assert build_render_context_once(worker_class)
    method = worker_class._render_context
    assert build_render_context_once(worker_class)
    assert worker_class._render_context is method


def test_a_copier_whose_render_context_takes_parameters_is_left_alone() -> None:
    def render_context(self: Any, extra: dict[str, Any]) -> dict[str, Any]:
        return extra

    worker_class = type("Worker", (), {"_render_context": render_context})
    assert not build_render_context_once(worker_class)
    assert worker_class._render_context is render_context
