"""Our own federation conformance suite: Python subgraphs, our gateway, full answers."""
