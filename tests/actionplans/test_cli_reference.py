"""The README's CLI reference is generated from the parser and must be current."""

from __future__ import annotations

from actionplans import cli_reference
from actionplans.cli import build_parser


def test_readme_reference_is_current():
    readme = cli_reference.README.read_text(encoding="utf-8")
    assert readme == cli_reference.render(readme), (
        "README.md's CLI reference is stale: run `.venv/bin/python -m actionplans.cli_reference`")


def test_every_subcommand_and_option_is_in_the_readme():
    readme = cli_reference.README.read_text(encoding="utf-8")
    block = readme.split(cli_reference.START, 1)[1].split(cli_reference.END, 1)[0]
    for name, sub in cli_reference.subcommands(build_parser()).items():
        assert f"### `actionplans {name}`" in block
        section = block.split(f"### `actionplans {name}`", 1)[1].split("### ", 1)[0]
        for action in sub._actions:
            for option in action.option_strings or [action.dest]:
                assert option in section, f"actionplans {name}: {option} is undocumented"


def test_a_new_option_makes_the_check_fail(monkeypatch, tmp_path):
    """The check compares against the live parser, so an option added there is caught."""
    readme = tmp_path / "README.md"
    readme.write_text(cli_reference.render(cli_reference.README.read_text(encoding="utf-8")))
    monkeypatch.setattr(cli_reference, "README", readme)
    assert cli_reference.main(["--check"]) == 0

    def with_new_option():
        parser = build_parser()
        search = cli_reference.subcommands(parser)["search"]
        search.add_argument("--brand-new", help="an option nobody documented")
        return parser

    monkeypatch.setattr(cli_reference, "build_parser", with_new_option)
    assert cli_reference.main(["--check"]) == 1
    assert cli_reference.main([]) == 0  # regenerates
    assert "--brand-new" in readme.read_text()
