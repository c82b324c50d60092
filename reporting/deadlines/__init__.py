"""Deadlines: the renewal reminders e-mailed before a license expires, and the private
calendar feed of expiry dates."""
