"""FollowTheMoney is the optional `ftm` extra: `make run` installs no compiler. Without it the
API, the ingest and `kg` work, and what needs FtM says how to install it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A child Python in which followthemoney, and what only it brings, cannot be imported.
HIDDEN = ("followthemoney", "normality", "icu", "rigour")
HIDE = textwrap.dedent(
    f"""
    import sys

    class Hidden:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {HIDDEN!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Hidden())
    """
)


def without_ftm(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE + textwrap.dedent(code), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_default_install_needs_no_ftm() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    required = " ".join(project["dependencies"]).lower()
    assert "followthemoney" not in required and "normality" not in required
    assert any(d.startswith("followthemoney") for d in project["optional-dependencies"]["ftm"])
    assert "exile-graph[ftm]" in project["optional-dependencies"]["dev"]  # make test tests it


def test_api_ingest_and_kg_run_without_ftm_and_say_how_to_get_it(tmp_path: Path) -> None:
    ftm_file = tmp_path / "people.ftm.json"
    ftm_file.write_text('{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\n')
    done = without_ftm(
        """
        import sys
        from fastapi.testclient import TestClient
        from api.main import create_app
        from graph.settings import Neo4jSettings
        from ingest.validate import validate
        from kg.cli import main

        # Nothing listens on port 9: format=ftm is refused before the graph is read.
        app = create_app(Neo4jSettings(uri="bolt://127.0.0.1:9", password="unused"))
        with TestClient(app, base_url="http://127.0.0.1") as client:
            answer = client.get("/export?format=ftm")
            print("export", answer.status_code, answer.json()["detail"])
            assert client.get("/openapi.json").status_code == 200
        print("files", len(validate()) > 0)
        for argv in (["export", "--format", "ftm", "-"], ["import-ftm", sys.argv[1]]):
            print("exit", main(argv))
        print("loaded", "followthemoney" in sys.modules)
        """,
        str(ftm_file),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0].startswith("export 501 format=ftm needs FollowTheMoney")
    assert "make install-ftm" in out[0] and "exile-graph[ftm]" in out[0]
    assert out[1:] == ["files True", "exit 2", "exit 2", "loaded False"]
    said = [line for line in done.stderr.splitlines() if line.startswith("kg:")]
    assert said[0].startswith("kg: kg export --format ftm needs FollowTheMoney")
    assert said[1].startswith("kg: kg import-ftm needs FollowTheMoney")
