"""The static verification site ``qa-check publish`` writes from registers (see ``build``)."""
