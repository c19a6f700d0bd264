"""The command line: options, the error boundary, and where each result goes."""
