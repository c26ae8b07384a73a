"""`python -m bench.subscriptions`: the subscription bench (bench/subscriptions/run.py)."""

from bench.subscriptions.run import main

main()
