"""The registry's web console, served by the registry under `/console`: server-rendered pages,
one stylesheet, no script.

    GET  /console/                                   graphs and variants the viewer may read
    GET|POST /console/sign-in, POST /console/sign-out
    GET  /console/graphs/{graph}/variants/{variant}  overview: subgraphs, served composition
         …/schema                                    the explorer: types, fields, owners, usage
         …/schema/fields/{Type.field}                one field's requests over time, by client
         …/history, …/versions/{id}                  versions, compositions, SDL diffs
         …/checks                                    the variant's checks
         …/operations                                top operations, plans, requests and errors
    GET  /console/checks/{id}, POST …/approve        a check's report; approval (admin)
"""

from registry.console.context import Console
from registry.console.routes import console_routes
from registry.console.session import SessionSigner

__all__ = ["Console", "SessionSigner", "console_routes"]
