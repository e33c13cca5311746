"""Choices and fixed values of issued documents."""

from django.db import models


class DocumentKind(models.TextChoices):
    """What an issued document is (DESIGN.md, "Documents out"); at most one of each kind per application."""

    INVITATION_LETTER = "invitation_letter", "Invitation letter"
    IIN_CERTIFICATE = "iin_certificate", "IIN registration certificate"
    IIN_REFUSAL_NOTICE = "iin_refusal_notice", "IIN refusal notice"
    TAX_RESIDENCY_CERTIFICATE = "tax_residency_certificate", "Tax residency certificate"
    EXIT_VISA_NOTICE = "exit_visa_notice", "Exit visa notice"
    DECISION = "decision", "Decision"
    INVOICE = "invoice", "Invoice"


#: Crockford base32: digits and capitals without I, L, O and U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 16 symbols x 5 bits = 80 random bits: unguessable, yet short enough to type from paper.
CODE_LENGTH = 16
CODE_GROUP = 4
#: Letters people type for the ones Crockford leaves out (O looks like 0; I and L look like 1).
CODE_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
