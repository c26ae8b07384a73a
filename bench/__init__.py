"""The side-by-side gateway benchmark (issue 6): subgraphs, JavaScript gateways, runner."""

__all__: list[str] = []
