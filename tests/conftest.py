import pytest
from sitebuild import FIXTURES, REAL_SEED, build_site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real seed and the sample fixtures, built once for every test that only reads."""
    root = tmp_path_factory.mktemp("real_site")
    seeds = {p.name: p.read_bytes() for p in (FIXTURES / "seeds").glob("sample_*.txt")}
    return build_site(root, seeds=seeds, real_seed=True)


__all__ = ["REAL_SEED", "FIXTURES", "build_site"]
