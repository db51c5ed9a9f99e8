"""Entry point of a reader worker process, started by ingest.workers: answer calls over the two
pipes whose file descriptors are the arguments, under the limits the first message gives."""

from __future__ import annotations

import importlib
import sys
from multiprocessing.connection import Connection

from ingest.workers import PRELOAD, serve

# The readers and rules (and what they load lazily), once per worker, before its limits apply.
for _module in PRELOAD:
    importlib.import_module(_module)

if __name__ == "__main__":
    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
