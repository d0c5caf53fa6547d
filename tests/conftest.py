"""Shared fixtures: the spaCy pipeline (loaded once), and small sites copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"


@pytest.fixture(scope="session")
def nlp():
    from generator.nlp import load_pipeline
    return load_pipeline(None)


@pytest.fixture
def make_site(tmp_path):
    """Copy tests/sites/NAME into a temporary folder and return its path."""
    def make(name: str = "basic", **config) -> Path:
        root = tmp_path / name
        shutil.copytree(SITES / name, root)
        if config:
            path = root / "dateline.toml"
            lines = [line for line in path.read_text().splitlines()
                     if line.split("=")[0].strip() not in config]
            lines += [f'{key} = "{value}"' for key, value in config.items()]
            path.write_text("\n".join(lines) + "\n")
        return root
    return make


# Modules whose tests build sites or tag texts in a subprocess, and so need the spaCy model.
MODEL_MODULES = {"test_cli", "test_deploy", "test_bad_input", "test_site", "test_events", "test_serve",
                 "test_browser", "test_article_properties", "test_components"}
MODEL_FIXTURES = {"nlp", "make_site", "repo", "server"}


def pytest_collection_modifyitems(items):
    """Mark what needs the model, so the quick tests run alone: python -m pytest -m "not browser and not model"."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        if module in MODEL_MODULES or MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
