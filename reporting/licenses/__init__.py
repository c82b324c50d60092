"""A physician's licenses: the dashboard and license pages, forms, API, practice questions,
attestations, and what those pages cache."""
