"""Run by Copier before `copier update` renders anything (copier.yml `_migrations`), in the project: refuse the
update when it would lose files (hooks/project_git.py), and record the names the project's entities were generated
with in .copier-answers.yml, when a template from before that record generated it.

Copier renders the previous version, the project and the new version (each of the last two with the new template)
from the answers file, and reads it again after this task: so every render finds the names the project has
(`/heros`, `app/domain/heros/`), and only entities added from now on get the current plural rules (hooks/names.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ANSWERS_FILE = Path(".copier-answers.yml")
# libyaml where PyYAML has it, as for the answers file itself (hooks/render.py).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def record_legacy_names(answers_file: Path) -> bool:
    """Add the record to an answers file that has entities and no record; whether it did."""
    from hooks.recorded_names import RECORD_KEY, legacy_record

    if not answers_file.is_file():
        return False
    text = answers_file.read_text(encoding="utf-8")
    answers = yaml.load(text, Loader=LOADER)
    if not isinstance(answers, dict) or RECORD_KEY in answers or not isinstance(answers.get("entities"), dict):
        return False
    names = {RECORD_KEY: legacy_record(answers["entities"])}
    addition = yaml.dump(names, Dumper=DUMPER, indent=4, allow_unicode=True, default_flow_style=False, sort_keys=False)
    answers_file.write_text(text.rstrip("\n") + "\n" + addition, encoding="utf-8")
    return True


def main() -> int:
    from hooks.project_git import update_problem

    problem = update_problem(Path.cwd())
    if problem is None:
        try:
            record_legacy_names(ANSWERS_FILE)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            where = f"{ANSWERS_FILE}:{mark.line + 1}:{mark.column + 1}" if mark else str(ANSWERS_FILE)
            problem = f"{where} is not YAML ({error.problem}): restore it from git"
    if problem:
        print(f"copier update refused, nothing was changed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    # Run as a script by Copier: the template's folder holds the `hooks` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
