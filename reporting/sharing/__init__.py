"""A physician's record read by someone else, on the physician's word: share links for one
license (anyone holding the link) and support access (site staff, while a window is open).

Both read through the same owner-scoped selectors the physician's own pages use, show the
same read-only presentation, and write every look to the physician's access log.
"""
