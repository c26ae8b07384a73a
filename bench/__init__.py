"""The side-by-side gateway benchmark: subgraphs, JavaScript gateways, runner."""

__all__: list[str] = []
