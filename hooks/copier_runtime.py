"""Work Copier repeats for every file it writes or every worker of an update, done once: the hook installs these.

Each leaves what Copier writes unchanged, and leaves Copier as it is where Copier no longer has what it wraps, with
the parameters it had when this was written (tests/unit/test_copier_runtime.py checks both, and that they install on
the Copier the template is tested with). They could move into Copier itself: see "Speed" in the README.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, Template


def has_parameters(function: Callable[..., Any], names: tuple[str, ...]) -> bool:
    """Whether `function` takes exactly these parameters, in this order: what a wrapper may rely on."""
    try:
        return tuple(inspect.signature(function).parameters) == names
    except (TypeError, ValueError):
        return False


_FILE_MODE_KEY = "_litestar_crud_core_file_mode"


def renders_as_itself(environment: Environment, source: str) -> bool:
    """Whether Jinja writes `source` out unchanged: one line with none of the environment's syntax in it."""
    if "\n" in source or "\r" in source:
        return False  # newline handling (keep_trailing_newline, newline_sequence) may change a line break
    markers = (
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
    )
    return not any(marker and marker in source for marker in markers)


def compile_each_string_once(environment: Environment) -> bool:
    """Make `environment.from_string` reuse the template it compiled for the same source.

    Copier compiles every path and small string it renders anew (the same `{% yield %}` path once per entity, the
    answers file's name once per file): for 100 entities that is a large part of a `copier copy`. A compiled
    template does not depend on what it is rendered with, so one per source serves every render. Most of those
    strings are plain names (`app`, `controllers.py`): their template returns the name without building a context.
    Returns whether `from_string` had the parameters the wrapper passes on, and so was wrapped.
    """
    compile_string = environment.from_string
    if not has_parameters(compile_string, ("source", "globals", "template_class")):
        return False
    compiled: dict[str, Template] = {}

    def from_string(source: Any, globals: Any = None, template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return compile_string(source, globals, template_class)
        template = compiled.get(source)
        if template is None:
            verbatim = renders_as_itself(environment, source)
            template = compiled[source] = compile_string(source, template_class=VerbatimTemplate if verbatim else None)
            if isinstance(template, VerbatimTemplate):
                template.text = source
        else:
            # What extensions do before each compilation still happens: Copier's `{% yield %}` resets its state there.
            environment.preprocess(source)
        return template

    environment.from_string = from_string  # type: ignore[method-assign]
    return True


# Set on the environment by the context hook (hooks/context.py) once it has built a context, so checked the spec.
CONTEXT_BUILT = "crud_template_context_built"


class VerbatimTemplate(Template):
    """The template of a string that renders as itself: rendering it returns the string, without a context.

    Only once the environment has built a context: Copier walks the template's folder in the file system's order,
    and the first path it renders must run the context hook, which refuses a bad spec before any file is written
    (a plain file such as `.pre-commit-config.yaml` would otherwise be copied first).
    """

    text: str

    def render(self, *args: Any, **kwargs: Any) -> str:
        if not getattr(self.environment, CONTEXT_BUILT, False):
            return super().render(*args, **kwargs)
        return self.text


def ask_git_file_mode_once(worker_class: Any) -> bool:
    """Make Copier read the destination's `core.fileMode` once per run instead of once per file written.

    Since copier-org/copier#2605 (April 2026), after writing each file Copier runs `git config core.fileMode` in
    the destination, so that where the setting is `false` it can copy the executable bit into the git index. That is
    one git process per file: a `copier update` of a 100-entity project writes some 1,900 files (old copy, new copy
    and destination) and spent a third of its time there. The setting cannot change while Copier writes one
    destination, so its first answer serves the rest of the run; where it is `false`, Copier's own method still runs
    for every file. Returns whether the method was found and wrapped.
    """
    sync = getattr(worker_class, "_sync_git_index_executable_bit", None)
    if sync is None:
        return False
    if hasattr(sync, "__wrapped__"):  # wrapped already, by this or another version of the template in this process
        return True
    try:
        from copier._vcs import get_git
        from plumbum import ProcessExecutionError
    except ImportError:
        return False
    if not has_parameters(sync, ("self", "dst_relpath", "src_mode")) or not has_parameters(get_git, ("context_dir",)):
        return False

    def core_file_mode(worker: Any) -> str:
        root = Path(worker.subproject.local_abspath)
        # Kept on the worker, like its cached properties: one answer per worker and destination.
        answers: dict[Path, str] = worker.__dict__.setdefault(_FILE_MODE_KEY, {})
        if root not in answers:
            try:
                answers[root] = get_git(context_dir=root)("config", "--type=bool", "--get", "core.fileMode").strip()
            except (OSError, ProcessExecutionError):
                answers[root] = ""  # unset or not a repository: git honours the bits chmod sets on disk
        return answers[root]

    @functools.wraps(sync)
    def sync_when_file_mode_is_off(worker: Any, dst_relpath: Path, src_mode: int) -> None:
        if core_file_mode(worker) == "false":
            sync(worker, dst_relpath, src_mode)

    worker_class._sync_git_index_executable_bit = sync_when_file_mode_is_off
    return True


_RENDER_CONTEXT_KEY = "_litestar_crud_render_context"


def build_render_context_once(worker_class: Any) -> bool:
    """Make a Copier worker build its render context once for the files it renders instead of once per string.

    Copier's `_render_context` merges every source of answers (a ChainMap of seven mappings, then the answers to
    remember filtered from it) for each path part, file and answers-file name it renders: some 5,700 times in a
    `copier update` of a 100-entity project, a tenth of its time. While a worker renders its files its answers no
    longer change, so the first context serves the rest of that phase. Each caller gets its own dict and its own
    `_copier_conf`, which Copier changes in place (`answers_relpath` blanks `answers_file` in the context it
    builds). Before and after rendering (questions, tasks, migrations) Copier's method runs as it is. Returns
    whether the method, and the Copier types it needs, were found and the method wrapped.
    """
    build = getattr(worker_class, "_render_context", None)
    if build is None:
        return False
    if hasattr(build, "__wrapped__"):  # wrapped already, by this or another version of the template in this process
        return True
    try:
        from copier._types import LazyDict, Phase
    except ImportError:
        return False
    if not has_parameters(build, ("self",)) or not isinstance(getattr(LazyDict(), "_pending", None), dict):
        return False

    @functools.wraps(build)
    def render_context(worker: Any) -> Any:
        if Phase.current() is not Phase.RENDER:
            return build(worker)
        built = worker.__dict__.get(_RENDER_CONTEXT_KEY)
        if built is None:
            built = worker.__dict__[_RENDER_CONTEXT_KEY] = build(worker)
        configuration = built["_copier_conf"]
        # A LazyDict of the same entries, each still computed on first use: what a fresh context would hold.
        return {**built, "_copier_conf": LazyDict(configuration._pending)}

    worker_class._render_context = render_context
    return True


# Parsed answers files by path and content: an update reads the same file once per worker.
_ANSWERS_PARSED: dict[tuple[Path, bytes], Any] = {}
_ANSWERS_KEPT = 4


def parse_answers_once(subproject_module: Any) -> bool:
    """Make Copier parse a project's answers file once per run instead of once per worker that reads it.

    `copier update` reads `.copier-answers.yml` for the run and again for each worker it renders with, and PyYAML's
    own parser takes a quarter of a second for the answers of a 100-entity project. The same bytes parse to the same
    answers: each reader gets a deep copy of the first parse, so no worker sees what another changes in its copy.
    A file that cannot be read is left to Copier's function. Returns whether the function was found and wrapped.
    """
    load = getattr(subproject_module, "load_answersfile_data", None)
    if load is None:
        return False
    if hasattr(load, "__wrapped__"):  # wrapped already, by this or another version of the template in this process
        return True
    if not has_parameters(load, ("dst_path", "answers_file", "warn_on_missing")):
        return False

    @functools.wraps(load)
    def load_once(dst_path: Any, answers_file: Any = ".copier-answers.yml", *, warn_on_missing: bool = False) -> Any:
        path = Path(dst_path, answers_file)
        try:
            content = path.read_bytes()
        except OSError:
            return load(dst_path, answers_file, warn_on_missing=warn_on_missing)
        key = (path.absolute(), content)
        if key not in _ANSWERS_PARSED:
            _ANSWERS_PARSED[key] = yaml.safe_load(content)  # as Copier parses it: the bytes, safe_load
            while len(_ANSWERS_PARSED) > _ANSWERS_KEPT:
                del _ANSWERS_PARSED[next(iter(_ANSWERS_PARSED))]
        return copy.deepcopy(_ANSWERS_PARSED[key])

    subproject_module.load_answersfile_data = load_once
    return True


def git_config_environment(environment: Any, key: str, value: str) -> dict[str, str]:
    """The variables that give the git processes started with `environment` one more setting (git-config(1),
    GIT_CONFIG_COUNT), after those the environment gives them already; none where its count is not a number."""
    count = environment.get("GIT_CONFIG_COUNT") or "0"
    if not count.isdigit():
        return {}
    return {"GIT_CONFIG_COUNT": str(int(count) + 1), f"GIT_CONFIG_KEY_{count}": key, f"GIT_CONFIG_VALUE_{count}": value}


def pack_scratch_repositories(worker_class: Any) -> bool:
    """Make `copier update` store the files of its scratch repositories in one pack instead of one file each.

    An update commits its old and its new copy of the project in repositories of their own, which it diffs and then
    deletes. `git add` writes each file as a loose object, a compressed file of its own: for the 860 files of a
    100-entity project, half a second per copy on this machine's disk. With `core.bigFileThreshold=1` git streams
    every file it adds into one pack instead (hooks/after_copy.py does the same for a new project's first commit);
    only where the objects are kept changes, and only for the repositories Copier initialises there. (Git reads the
    setting from GIT_CONFIG_COUNT since 2.31; an older git ignores it and writes loose objects as before.)
    Returns whether the method was found and wrapped.
    """
    initialize = getattr(worker_class, "_git_initialize_repo", None)
    if initialize is None:
        return False
    if hasattr(initialize, "__wrapped__"):  # wrapped already, by this or another version of the template
        return True
    try:
        from plumbum import local
    except ImportError:
        return False
    if not has_parameters(initialize, ("self",)):
        return False

    @functools.wraps(initialize)
    def initialize_packed(worker: Any) -> None:
        with local.env(**git_config_environment(local.env, "core.bigFileThreshold", "1")):
            initialize(worker)

    worker_class._git_initialize_repo = initialize_packed
    return True


def install(environment: Environment) -> None:
    """Everything above, for the Copier run that loaded the hook."""
    compile_each_string_once(environment)
    try:
        from copier import _subproject
        from copier._main import Worker
    except ImportError:
        return
    ask_git_file_mode_once(Worker)
    build_render_context_once(Worker)
    parse_answers_once(_subproject)
    pack_scratch_repositories(Worker)
