"""The README stays true: its data dictionary is the schema's, its commands exist."""

from __future__ import annotations

from pathlib import Path

from sim.results import schema

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_data_dictionary_is_generated_from_the_schema():
    assert schema.markdown().strip() in README


def test_readme_lists_every_port_lever():
    from sim.params import PortParams, field_names

    for lever in field_names(PortParams):
        assert f"`{lever}`" in README, lever


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in ci and "test-command" in README
    assert 'pip install -e ".[test]"' in README and "pytest" in README
