"""The dbt project's own rules, checked without building it: offline, documented, portable."""

import re
from pathlib import Path

import pytest
import yaml

from ace.settings import REPO_ROOT
from pipelines.mastery import DEFAULT_CUTS, DEFAULT_RATE, SCALE_MAX
from schemas import profile

PROJECT = REPO_ROOT / "warehouse"
MODELS = sorted((PROJECT / "models").rglob("*.sql"))


def _project_vars() -> dict:
    return yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["vars"]


def _documented_models() -> dict[str, dict]:
    documented: dict[str, dict] = {}
    for schema in (PROJECT / "models").rglob("*.yml"):
        for model in yaml.safe_load(schema.read_text()).get("models") or []:
            documented[model["name"]] = {**model, "folder": schema.parent}
    return documented


def test_builds_offline() -> None:
    # dbt deps would need the network: the project must not depend on packages
    assert not (PROJECT / "packages.yml").exists()
    assert not (PROJECT / "dependencies.yml").exists()
    profile_yml = yaml.safe_load((PROJECT / "profiles.yml").read_text())
    output = profile_yml["ace_warehouse"]["outputs"]["dev"]
    assert output["type"] == "duckdb"
    assert output["path"] == "{{ env_var('ACE_WAREHOUSE') }}"


def test_vocabulary_vars_match_the_ace_profile() -> None:
    project_vars = _project_vars()
    assert set(project_vars["agency_verbs"]) == set(profile.AGENCY_VERBS)
    assert project_vars["voiding_verb"] == profile.VERB_VOIDED
    assert project_vars["objective_activity_type"] == profile.ACTIVITY_OBJECTIVE
    assert project_vars["class_activity_type"] == profile.ACTIVITY_CLASS
    assert project_vars["school_activity_type"] == profile.ACTIVITY_SCHOOL


def test_mastery_defaults_match_the_reference_definitions() -> None:
    project_vars = _project_vars()
    assert project_vars["decaying_average_rate"] == DEFAULT_RATE
    cuts = (
        project_vars["developing_cut"],
        project_vars["proficient_cut"],
        project_vars["exceeds_cut"],
    )
    assert cuts == DEFAULT_CUTS
    assert project_vars["scale_max"] == SCALE_MAX


@pytest.mark.parametrize("sql", MODELS, ids=lambda p: p.stem)
def test_every_model_is_documented_beside_it(sql: Path) -> None:
    documented = _documented_models()
    assert sql.stem in documented, f"{sql.stem} has no schema.yml entry"
    model = documented[sql.stem]
    assert model["folder"] == sql.parent, "schema.yml entry lives in another folder"
    assert model.get("description", "").strip()
    columns = model.get("columns") or []
    assert columns, f"{sql.stem}: no columns documented"
    for column in columns:
        assert column.get("description", "").strip(), f"{sql.stem}.{column['name']}"


def test_staging_names_follow_the_convention() -> None:
    for sql in (PROJECT / "models" / "staging").glob("*.sql"):
        assert re.fullmatch(r"stg_[a-z]+__[a-z_]+", sql.stem), sql.stem
    for sql in (PROJECT / "models" / "intermediate").glob("*.sql"):
        assert sql.stem.startswith("int_"), sql.stem


@pytest.mark.parametrize("folder", ["intermediate", "marts", "restricted"])
def test_engine_specific_sql_stays_in_staging(folder: str) -> None:
    duckdb_only = re.compile(r"->>?|\bjson_\w+|\blist_\w+|\bunnest\b|\blambda\b|::json")
    for sql in (PROJECT / "models" / folder).glob("*.sql"):
        text = re.sub(r"--[^\n]*|\{#.*?#\}", "", sql.read_text(), flags=re.S)
        assert not duckdb_only.search(text), f"{sql.name}: {duckdb_only.search(text)}"


def test_marts_never_select_names_or_identifiers() -> None:
    for sql in (PROJECT / "models" / "marts").glob("*.sql"):
        text = sql.read_text()
        for forbidden in ("display_name", "actor_ifi", "learner_keys", "student_directory"):
            assert forbidden not in text, f"{sql.name} mentions {forbidden}"
