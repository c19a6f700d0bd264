"""The guided run: warehouse staff answer the checklists one question at a time."""
