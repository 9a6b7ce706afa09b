"""AS2 (RFC 4130) without the ORM: ``cms`` runs OpenSSL's CMS operations, ``mime`` builds and
reads AS2 messages and MDNs and computes the MIC."""

from . import cms, mime  # noqa: F401
