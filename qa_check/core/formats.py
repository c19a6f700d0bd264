"""Format ids that a module on a lower floor must know of a file written on a higher one.

``certify`` writes a batch's summary (the reporters' ``summary`` and ``summary_pdf``) beside its
certificates, and ``verify`` must know that PDF among them to pass over it. The id lives here,
below both, so that the certificates never import the reporters. An id only its own module
reads stays in that module.
"""

SUMMARY_FORMAT_ID = "qa-check/summary@1"
"""The ``format`` of a summary's JSON and the subject of its PDF."""
