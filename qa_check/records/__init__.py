"""Records as files hold them: YAML, JSON, JSON Lines and CSV, and their templates."""
