"""The organization pages: the office's roster and licenses, members and invitations, and the
physician's sharing pages."""
