"""The issuer's keys, PDF signatures and the trust a verifier places in them."""
