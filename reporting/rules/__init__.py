"""The rules: boards, rule sets and their versions, the rows <-> engine adapters, loading the
states' rules data file, and the public rule book (`book`, `words`, `views`: every board's
rules in plain words, with their sources and versions). Reads only the engine below it."""
