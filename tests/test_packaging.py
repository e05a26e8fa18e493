"""The four top-level folders install under one import name, `disclosure`, and the wheel carries them whole."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from disclosure.pipeline import PIPELINE_VERSION

import disclosure

PROJECT = Path(__file__).resolve().parent.parent
FOLDERS = ("extractors", "normalizers", "outputs", "pipeline")


def setuptools_config() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text())["tool"]["setuptools"]


def source_packages() -> set[str]:
    """Every folder holding an __init__.py, named as it is imported."""
    names = {"disclosure"}
    for folder in FOLDERS:
        for init in (PROJECT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(PROJECT).parts
            names.add(".".join(("disclosure", *parts)))
    return names


def test_every_folder_is_a_listed_package() -> None:
    config = setuptools_config()
    listed = set(config["packages"])
    assert source_packages() <= listed, "add the new subpackage to [tool.setuptools] packages"
    assert listed - source_packages() == {"disclosure.outputs.templates"}  # data only
    assert {f"disclosure.{folder}": folder for folder in FOLDERS} == config["package-dir"]


def test_the_version_is_the_one_in_pyproject() -> None:
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    assert disclosure.__version__ == PIPELINE_VERSION == declared


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_the_templates(tmp_path: Path) -> None:
    # Built from a copy: setuptools leaves a build/ folder beside pyproject.toml.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    for folder in ("disclosure", *FOLDERS):
        # the compiled helper left out: the wheel's must be built from extractors/pdfium_loops.c
        ignored = shutil.ignore_patterns("__pycache__", "*.so")
        shutil.copytree(PROJECT / folder, source / folder, ignore=ignored)
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-w", str(tmp_path), str(source)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("disclosure-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {
        "disclosure/" + str(path.relative_to(PROJECT))
        for folder in FOLDERS
        for path in (PROJECT / folder).rglob("*.py")
    }
    assert sources <= names
    assert "disclosure/__init__.py" in names
    assert {
        "disclosure/outputs/templates/report.css",
        "disclosure/outputs/templates/document.html.j2",
    } <= names
    assert not any(name.startswith(("tests/", "fixtures/", "bench/")) for name in names)
    # the compiled helper (extractors/pdfium_loops.c, optional; built where a compiler is)
    assert any(name.startswith("disclosure/extractors/_pdfium_loops.") for name in names)
