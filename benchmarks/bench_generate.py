"""How long `copier copy` takes for a large spec, against plain Copier rendering the same tree.

    .venv/bin/python benchmarks/bench_generate.py [ENTITIES] [REPEATS]

The baseline is a throw-away template with the same files per entity whose contents are one trivial line: the
ratio is what our hooks and real templates cost on top of Copier's own work (walking, rendering paths, git). The
view model is also timed on its own. Timings are the best of REPEATS runs, on this machine, in this run.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.make_spec import make_spec  # noqa: E402
from hooks.render import build_context  # noqa: E402

COPIER = Path(sys.executable).parent / "copier"


def baseline_template(destination: Path) -> Path:
    """A copy of template/ where every file renders one line: same paths, same yields, no hooks."""
    shutil.copytree(ROOT / "template", destination / "template")
    for path in (destination / "template").rglob("*"):
        if path.is_file():
            path.write_text("# {{ project_name }}\n" if path.suffix == ".jinja" else "# static\n")
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    config.pop("_jinja_extensions")
    config.pop("_envops")  # the names the hook provides (revision_file, ...) are undefined here
    # Our tasks and migrations run hooks/ scripts, which the baseline does not have: Copier alone, nothing after it.
    config.pop("_tasks")
    config.pop("_migrations")
    config["project_slug"]["default"] = "baseline"
    (destination / "copier.yml").write_text(
        yaml.safe_dump(config)
        + "project:\n  type: yaml\n  when: false\n"
        + "  default: \"{entities: [{% for name in entities %}{package: '{{ name | lower }}s', "
        + "module: '{{ name | lower }}'},{% endfor %}]}\"\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=destination, check=True)
    subprocess.run(["git", "add", "-A"], cwd=destination, check=True)
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(["git", *identity, "commit", "-qm", "baseline"], cwd=destination, check=True)
    return destination


def time_copy(template: Path, spec_file: Path, work: Path, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        destination = work / "out"
        shutil.rmtree(destination, ignore_errors=True)
        command = [str(COPIER), "copy", "-q", "--trust", "--defaults", "--vcs-ref", "HEAD", "--data-file"]
        start = time.perf_counter()
        subprocess.run([*command, str(spec_file), str(template), str(destination)], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    entities = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    spec = make_spec(entities)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        spec_file = work / "entities.yml"
        spec_file.write_text(yaml.safe_dump(spec))
        ours = time_copy(ROOT, spec_file, work, repeats)
        baseline = time_copy(baseline_template(work / "baseline"), spec_file, work, repeats)
        files = sum(1 for path in (work / "out").rglob("*") if path.is_file())
    answers = {**spec, "database": "sqlite", "project_slug": "large"}
    start = time.perf_counter()
    build_context(answers)
    model = time.perf_counter() - start
    print(f"{entities} entities ({files} files in the baseline project)")
    print(f"  copier copy, this template : {ours:6.2f} s")
    print(f"  copier copy, baseline      : {baseline:6.2f} s   (same tree, trivial contents, no hooks)")
    print(f"  ratio                      : {ours / baseline:6.2f}")
    print(f"  spec check + view model    : {model:6.2f} s   (in process)")


if __name__ == "__main__":
    main()
