"""The federation gateway.

Its hot path runs compiled when a build matching the sources exists (`gateway.native`).
"""

import gateway.native

gateway.native.enable()
