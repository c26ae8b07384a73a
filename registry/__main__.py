"""`python -m registry`: see `registry.cli`."""

from registry.cli import main

raise SystemExit(main())
