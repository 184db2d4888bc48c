"""``python -m bench``: run the performance suite (see bench/README.md)."""

from bench.run import main

raise SystemExit(main())
