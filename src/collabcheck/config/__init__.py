"""Project configuration: `collabcheck.toml`, or `[tool.collabcheck]` in `pyproject.toml`.

The nearest file wins, looking in the working directory and then each folder above it up to
the filesystem root (find.py). In one folder `collabcheck.toml` wins over `pyproject.toml`; a
`pyproject.toml` without a `[tool.collabcheck]` table is passed over. A file is read as TOML
(read.py) and checked (check.py); relative paths in it are relative to its folder. The command
line wins over the configuration, which wins over the defaults (resolve.py).
"""
