"""Staff screens of the organisations app, under /admin/units/ (see urls.py)."""
