"""Invitations: the secretariat offers an account in one role and organisation to an
email address; the invitee opens the emailed link once, before it expires, and chooses
a username and password. Sent and accepted invitations are events on the audit chain.

The model lives in accounts (who is who); the workflow lives here, above the audit
trail and the email outbox it writes to.
"""
