"""Two-step sign-in: a one-time code from an authenticator app after the password.

Built on django-otp: a person's authenticator app is a ``TOTPDevice`` (RFC 6238 codes, six
digits every 30 seconds), their ten recovery codes a ``StaticDevice`` whose tokens are used up
one by one. ``OTPMiddleware`` marks a session "verified" once a code was accepted;
:mod:`.middleware` then keeps a person who owes a second factor out of every admin page (they
go to the code form, or to enrolment when they have no app yet) and makes them anonymous to
the rest of the site, the API included, until they pass.

Who owes one (:func:`.selectors.second_factor_due`): everyone who turned it on, and, when
``settings.TWO_FACTOR_REQUIRED`` is on, system administrators and people whose roles approve
reports, grant roles or change units. Wrong codes slow down through django-otp's throttling
(1, 2, 4, 8… seconds between tries, per device). Enrolment, removal, new recovery codes and each
use of a recovery code are audited.
"""
