"""How an office connects: its systems through API tokens, its members through the weekly
digest and their organization's own sign-in."""
