"""hooks/copier_runtime.py, what `copier update` repeats per worker: the answers parsed once, scratch repos packed."""

import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import copier._main
import copier._subproject
import copier._user_data
import pytest
import yaml
from copier._vcs import get_git

import hooks.copier_runtime
from hooks.copier_runtime import git_config_environment, pack_scratch_repositories, parse_answers_once

ANSWERS = "_commit: 0.4.0\nproject_slug: shop\nentities:\n  Author:\n    fields:\n      name: {type: str}\n"


def answers_module() -> Any:
    """Stands for copier._subproject, holding Copier's own function, wrapped."""
    module = SimpleNamespace(load_answersfile_data=copier._user_data.load_answersfile_data)
    assert parse_answers_once(module)
    return module


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    parsed: list[bytes] = []

    def counting_safe_load(content: bytes) -> Any:
        parsed.append(content)
        return yaml.safe_load(content)

    monkeypatch.setattr(hooks.copier_runtime, "yaml", SimpleNamespace(safe_load=counting_safe_load))
    monkeypatch.setattr(hooks.copier_runtime, "_ANSWERS_PARSED", {})
    return parsed


def test_each_reader_gets_copier_s_answers_parsed_once(tmp_path: Path, parses: list[bytes]) -> None:
    (tmp_path / ".copier-answers.yml").write_text(ANSWERS)
    load = answers_module().load_answersfile_data
    first, second = load(tmp_path, ".copier-answers.yml"), load(tmp_path, ".copier-answers.yml")
    assert first == second == copier._user_data.load_answersfile_data(tmp_path, ".copier-answers.yml")
    assert len(parses) == 1


def test_a_reader_changing_its_answers_changes_no_other_reader_s(tmp_path: Path, parses: list[bytes]) -> None:
    # Copier pops and rewrites the answers it loaded (the last answers of a worker, then the answers of the next).
    (tmp_path / ".copier-answers.yml").write_text(ANSWERS)
    load = answers_module().load_answersfile_data
    changed = load(tmp_path, ".copier-answers.yml")
    changed["entities"]["Author"]["fields"].clear()
    changed.pop("project_slug")
    assert load(tmp_path, ".copier-answers.yml") == yaml.safe_load(ANSWERS)


def test_a_file_changed_between_reads_is_parsed_again(tmp_path: Path, parses: list[bytes]) -> None:
    # Copier rewrites the answers file in the destination during an update, and a before-update task may too.
    answers = tmp_path / ".copier-answers.yml"
    load = answers_module().load_answersfile_data
    answers.write_text(ANSWERS)
    assert load(tmp_path, ".copier-answers.yml")["project_slug"] == "shop"
    answers.write_text(ANSWERS.replace("shop", "store"))
    assert load(tmp_path, ".copier-answers.yml")["project_slug"] == "store"
    assert len(parses) == 2


def test_a_missing_answers_file_is_left_to_copier(tmp_path: Path, parses: list[bytes]) -> None:
    # An update's old and new copies are rendered into empty folders: Copier answers {} for them.
    assert answers_module().load_answersfile_data(tmp_path, ".copier-answers.yml") == {}
    assert parses == []


def test_the_answers_wrapper_installs_on_the_tested_copier_once() -> None:
    # A copy of the module's namespace, so that the test process's Copier is left as it is.
    module = SimpleNamespace(**vars(copier._subproject))
    assert parse_answers_once(module)
    wrapped = module.load_answersfile_data
    assert parse_answers_once(module)
    assert module.load_answersfile_data is wrapped


def test_a_copier_whose_answers_function_takes_other_parameters_is_left_alone() -> None:
    def load_answersfile_data(dst_path: Any, answers_file: Any = ".copier-answers.yml") -> Any: ...

    module = SimpleNamespace(load_answersfile_data=load_answersfile_data)
    assert not parse_answers_once(module)
    assert module.load_answersfile_data is load_answersfile_data


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def objects(repository: Path) -> dict[str, int]:
    counted = subprocess.run(["git", "count-objects", "-v"], cwd=repository, capture_output=True, text=True, check=True)
    return {key: int(value) for key, value in (line.split(": ") for line in counted.stdout.splitlines())}


def initialized(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_class: type[copier._main.Worker]) -> Path:
    """A folder of files made a scratch repository as an update makes its copies one: in the current folder."""
    for index in range(20):
        (tmp_path / f"file{index}.py").write_text(f"value = {index}\n")
    monkeypatch.chdir(tmp_path)
    worker_class(dst_path=tmp_path)._git_initialize_repo()
    return tmp_path


def test_a_scratch_repository_keeps_its_files_in_one_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    worker_class = type("Worker", (copier._main.Worker,), {})
    assert pack_scratch_repositories(worker_class)
    repository = initialized(tmp_path, monkeypatch, worker_class)
    counted = objects(repository)
    assert counted["count"] < 20 <= counted["in-pack"]  # the files' blobs packed; only commits and trees loose
    # What Copier reads from it is the same: the committed files, and their diff against another tree.
    listed = get_git()("ls-tree", "--name-only", "HEAD").split()
    assert sorted(listed) == sorted(f"file{index}.py" for index in range(20))
    assert "+value = 3\n" in get_git()("diff-tree", "-p", EMPTY_TREE, "HEAD")


def test_without_the_wrapper_the_files_are_loose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What the test above measures: git's default, one file per object.
    repository = initialized(tmp_path, monkeypatch, copier._main.Worker)
    assert objects(repository)["in-pack"] == 0


def test_the_setting_is_added_after_those_the_environment_gives_git() -> None:
    assert git_config_environment({}, "core.bigFileThreshold", "1") == {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.bigFileThreshold",
        "GIT_CONFIG_VALUE_0": "1",
    }
    given = {"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_1": "user.name", "GIT_CONFIG_VALUE_1": "someone"}
    assert git_config_environment(given, "core.bigFileThreshold", "1") == {
        "GIT_CONFIG_COUNT": "3",
        "GIT_CONFIG_KEY_2": "core.bigFileThreshold",
        "GIT_CONFIG_VALUE_2": "1",
    }
    assert git_config_environment({"GIT_CONFIG_COUNT": "many"}, "core.bigFileThreshold", "1") == {}


def test_the_scratch_repository_wrapper_installs_on_the_tested_copier_once() -> None:
    worker_class: Any = type("Worker", (copier._main.Worker,), {})
    assert pack_scratch_repositories(worker_class)
    method = worker_class._git_initialize_repo
    assert pack_scratch_repositories(worker_class)
    assert worker_class._git_initialize_repo is method


def test_a_copier_whose_initialize_takes_parameters_is_left_alone() -> None:
    def _git_initialize_repo(self: Any, path: Path) -> None: ...

    worker_class: Any = type("Worker", (), {"_git_initialize_repo": _git_initialize_repo})
    assert not pack_scratch_repositories(worker_class)
    assert worker_class._git_initialize_repo is _git_initialize_repo
