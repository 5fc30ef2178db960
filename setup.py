"""What pyproject.toml cannot say: the schema documents and prompts live at the top of the repository (their
source of truth, edited there) and ship inside the wheel as the package data folders ``nl2sql/schema_docs`` and
``nl2sql/prompts``, so an installed ``nl2sql`` finds them (``nl2sql/settings.py`` looks there first). The web
page's static files ship inside ``nl2sql/web``."""

from setuptools import find_packages, setup

DATA_FOLDERS = {"nl2sql.schema_docs": "schema_docs", "nl2sql.prompts": "prompts"}

setup(
    packages=[*find_packages(include=["nl2sql", "nl2sql.*"]), *DATA_FOLDERS],
    package_dir=DATA_FOLDERS,
    package_data={"nl2sql.schema_docs": ["*.md", "*.toml"], "nl2sql.prompts": ["*.j2", "*.md"],
                  "nl2sql.web": ["static/*", "static/js/*", "static/vendor/*/*"]},
    # Pairs taught with `nl2sql learn` belong to one checkout, not to every installation.
    exclude_package_data={"nl2sql.schema_docs": ["*.learned.toml"]},
)
