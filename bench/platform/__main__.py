"""`python -m bench.platform`: see bench/platform/run.py."""

from bench.platform.run import main

main()
