"""The platform's own numbers: the subgraphs on their real stores, behind the gateway.

`python -m bench.platform` (`uv run task bench:platform`); see `bench/platform/run.py`.
"""
