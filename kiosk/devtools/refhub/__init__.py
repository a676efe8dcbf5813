"""Reference city data hub: the v1 contract served by FastAPI over SQLite, for demos and tests."""
