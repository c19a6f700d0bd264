"""The certificate's page, drawn from a payload and its judgement (``draw.draw_page``)."""
