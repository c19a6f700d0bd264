/* qa-check.js: the page script, written by the web work (search, drop zone). */
