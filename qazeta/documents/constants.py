"""Fixed values of issued documents: the verification code's alphabet and shape."""

#: Crockford base32: digits and capitals without I, L, O and U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 16 symbols x 5 bits = 80 random bits: unguessable, yet short enough to type from paper.
CODE_LENGTH = 16
CODE_GROUP = 4
#: Letters people type for the ones Crockford leaves out (O looks like 0; I and L look like 1).
CODE_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
