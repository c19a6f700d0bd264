"""Reading and writing files safely: bounded reads, YAML and JSON, atomic writes, locks."""
