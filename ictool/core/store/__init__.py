"""SQLite storage: the only package in ictool that contains SQL.

Everything above it (project facade, packages, merge, reliability, exports) works on the
frozen records these modules return, so the schema can change in one place.
"""
