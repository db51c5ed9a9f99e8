"""Entry point of a reader worker process, started by ingest.workers: answer calls over the two
pipes whose file descriptors are the arguments, under the limits the first message gives."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from ingest import pipeline  # noqa: F401  (the readers and rules, loaded once per worker)
from ingest.workers import serve

if __name__ == "__main__":
    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
