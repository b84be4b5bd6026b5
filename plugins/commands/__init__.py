"""Commands run by tasks.py that are not part of a build (no Pelican plugin here: none is listed in
PLUGINS). Each module or sub-package is one `invoke` command over the kernel (README.md)."""
