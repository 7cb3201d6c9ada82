"""The project's own packages are the ones imported, and every command is documented."""

import re
from pathlib import Path

import typer.main

ROOT = Path(__file__).resolve().parents[1]


def test_real_packages_are_imported_not_test_folders():
    # tests/exscout, tests/enrich and tests/simweb must never shadow the packages.
    import crawler
    import enrich
    import exscout
    import simweb

    for module, name in ((crawler, "crawler"), (enrich, "enrich"), (exscout, "exscout"), (simweb, "simweb")):
        assert module.__file__ == str(ROOT / name / "__init__.py")


def _commands():
    from exscout.cli import app

    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():
        if getattr(cmd, "commands", None):
            for sub_name, sub in cmd.commands.items():
                yield f"{name} {sub_name}", sub
        else:
            yield name, cmd


def test_every_command_has_help_with_an_example():
    missing = [name for name, cmd in _commands() if not cmd.help or "Example:" not in cmd.help]
    assert missing == []


def test_readme_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    absent = [name for name, _ in _commands() if not re.search(rf"exscout {re.escape(name)}\b", readme)]
    assert absent == []


def test_every_exscout_setting_is_documented():
    lines = (ROOT / "crawler" / "settings.py").read_text(encoding="utf-8").splitlines()
    undocumented = [
        line.split("=")[0].strip()
        for i, line in enumerate(lines)
        if re.match(r"^EXSCOUT_\w+", line) and not lines[i - 1].lstrip().startswith("#")
    ]
    assert undocumented == []
