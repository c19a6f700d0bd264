"""Other libraries' warnings kept off the user's screen, unless the user asked for warnings.

pyHanko imports DSA from cryptography, which warns about it at every import: nothing a user of
qa-check can act on. Warnings from qa-check's own modules still show, and a user's ``-W`` or
``PYTHONWARNINGS`` (``sys.warnoptions``) leaves every filter as the user set it.

Importing this module applies the filters. The command line imports it before anything else;
the forkserver that starts certify's workers is a new interpreter that does not inherit them,
so it imports this module before the one it preloads (see ``qa_check.certificates.pool``).
"""

import sys
import warnings

OWN_MODULES = r"qa_check(\.|$)"
"""The modules whose warnings show: qa-check's own (a regular expression matched at the start)."""


def keep_off_screen() -> None:
    """Ignore warnings but those of qa-check's own modules, unless the user set filters."""
    if sys.warnoptions:
        return
    warnings.simplefilter("ignore")
    warnings.filterwarnings("default", module=OWN_MODULES)


keep_off_screen()
