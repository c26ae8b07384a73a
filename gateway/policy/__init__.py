"""The checks a prepared operation passes before it runs, each implementing a stage of
`gateway.pipeline.stages`:

    persisted/  which document a request runs (APQ, safelist)
    limits/     depth, aliases, root fields, cost
    auth/       JWT verification, `@authenticated` / `@requiresScopes`
    headers/    which headers reach each subgraph (and the signed identity headers)
"""
