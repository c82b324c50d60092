"""No admin pages: a certificate is one physician's document.

Its file, its name and the text read from it belong to the physician; site staff keep the rule
tables and help people with their accounts, and reach a record only through a support access
the physician opened (docs/security.md).
"""
