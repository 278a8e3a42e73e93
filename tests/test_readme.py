"""The README stays true: its data dictionary is the schema's, its commands exist."""

from __future__ import annotations

from pathlib import Path

from sim.results import schema

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_data_dictionary_is_generated_from_the_schema():
    assert schema.markdown().strip() in README


def test_readme_configuration_reference_is_generated_from_the_rules():
    from sim import api
    from sim.params.space import reference_markdown

    assert reference_markdown(api.load()).strip() in README


def test_readme_lists_every_port_lever():
    from dataclasses import fields

    from sim.params import PortParams

    for lever in fields(PortParams):
        assert f"`{lever.name}`" in README, lever.name


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    marker = README.index("<!-- test-command")
    block = README[marker:].split("```")[1]  # the fenced block after the marker
    command = block.splitlines()[1]  # the line after the fence's language tag
    assert command in ci  # .ci/run runs it as a line of its own
    assert f"ci_test_command='{command}'" in ci  # and checks the README against it
