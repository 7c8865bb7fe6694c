"""Project configuration: `collabcheck.toml`, or `[tool.collabcheck]` in `pyproject.toml`.

The nearest trusted file wins, looking in the working directory and then each folder above it
up to the repository root, or the filesystem root outside a repository (find.py); a file someone
else could have written is passed over with a warning. In one folder `collabcheck.toml` wins
over `pyproject.toml`; a `pyproject.toml` without a `[tool.collabcheck]` table is passed over.
A file is read as TOML (read.py) and checked (check.py); relative paths in it are relative to
its folder. The command line wins over the configuration, which wins over the defaults
(resolve.py).
"""
