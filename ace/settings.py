"""One settings object for every ACE component, read from `ACE_*` environment variables.

The CLI overrides fields from its flags; nothing else reads the environment directly, so a
district's IT person has one place (this class, or `ace --help`) that lists every knob.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACE_", extra="ignore")

    data_dir: Path = Field(
        default=Path(".ace"), description="Working files: the embedded LRS store, logs, demo data."
    )
    database_url: str | None = Field(
        default=None,
        description="The LRS statement store: sqlite:///path (default: <data_dir>/lrs.sqlite3) "
        "or postgresql://...",
    )
    warehouse: Path | None = Field(
        default=None,
        description="The DuckDB file analysts open (default: <data_dir>/warehouse.duckdb).",
    )
    site_dir: Path | None = Field(
        default=None,
        description="Where the static dashboards are written (default: <data_dir>/site).",
    )
    standards_file: Path = Field(
        default=REPO_ROOT / "data" / "standards" / "ace-sample-math-6.json",
        description="The CASE JSON package of the district's standards.",
    )
    host: str = "127.0.0.1"
    port: int = 8080
    authority_home_page: str = Field(
        default="http://localhost/xapi/credentials",
        description="account.homePage of the authority agent the LRS stamps on statements.",
    )
    student_key_secret: str = Field(
        default="ace-demo-secret-change-me",
        description="HMAC key for pseudonymous student keys in the warehouse.",
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'lrs.sqlite3').resolve()}"

    @property
    def resolved_warehouse(self) -> Path:
        return (self.warehouse or self.data_dir / "warehouse.duckdb").resolve()

    @property
    def resolved_site_dir(self) -> Path:
        return (self.site_dir or self.data_dir / "site").resolve()
