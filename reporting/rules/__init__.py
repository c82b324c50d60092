"""The public rule book: every board's rules in plain words, with their sources and versions."""
